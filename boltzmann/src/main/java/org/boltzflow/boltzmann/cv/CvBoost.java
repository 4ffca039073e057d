package org.boltzflow.boltzmann.cv;

import java.util.List;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.io.Trajectory;

/**
 * Training weights that raise the share of rarely visited regions of collective-variable space, the way a
 * well-tempered bias does. The free-energy surface F(s) of periodic collective variables (dihedrals) is estimated
 * from reference frames: a histogram on the torus, smoothed by a [1/4, 1/2, 1/4] kernel applied twice along each
 * variable, F = -kT ln(mass) relative to its minimum. A configuration whose cell lies above {@code above} kJ/mol gets
 * the log weight {@code (1 - slope) (F(s) - above) / kT}, so that a training ensemble weighted by it sees
 * {@code above + slope (F - above)} there and the unchanged surface below. Cells no frame reaches take the highest
 * free energy of a reached cell. Importance weights against the Boltzmann density do not change: a flow trained on
 * boosted frames is reweighted by the true energy like any other.
 *
 * <p>Bins per variable: 72 for one variable, 36 for two, then as many as keep the histogram near 36² cells (at least
 * 4 per variable), at most {@link #MAX_CELLS} cells ({@link #MAX_VARIABLES} variables).
 */
public final class CvBoost {
    /** The most histogram cells a boost holds. */
    public static final int MAX_CELLS = 1 << 20;
    /** The most variables a boost reads (4 bins each fill {@link #MAX_CELLS}). */
    public static final int MAX_VARIABLES = 10;

    private final List<CollectiveVariable> variables;
    private final int bins;
    private final double[] logBoost;

    private CvBoost(List<CollectiveVariable> variables, int bins, double[] logBoost) {
        this.variables = List.copyOf(variables);
        this.bins = bins;
        this.logBoost = logBoost;
    }

    /**
     * The boost of {@code variables} (all periodic) estimated from reference {@code frames} at {@code state}'s
     * temperature: above {@code above} kJ/mol (> 0) the free energy the
     * training ensemble sees rises with {@code slope} (in [0, 1)) of the true surface's rise.
     */
    public static CvBoost fit(List<CollectiveVariable> variables, Trajectory frames, ThermodynamicState state,
            double above, double slope) {
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("a CV boost needs at least one collective variable");
        }
        for (CollectiveVariable v : variables) {
            if (!v.periodic()) {
                throw new IllegalArgumentException("a CV boost needs periodic collective variables (dihedrals); '"
                        + v.name() + "' is not");
            }
        }
        if (!(above > 0) || Double.isInfinite(above)) {
            throw new IllegalArgumentException("a CV boost's threshold must be a finite free energy > 0 kJ/mol, got "
                    + above);
        }
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("a CV boost's slope must be in [0, 1), got " + slope);
        }
        int bins = binsFor(variables.size());
        int cells = (int) Math.pow(bins, variables.size());
        if (frames.frameCount() == 0) {
            throw new IllegalArgumentException("a CV boost needs reference frames");
        }
        double[] mass = new double[cells];
        for (int cell : new CvBoost(variables, bins, null).cells(frames)) {
            mass[cell] += 1;
        }
        for (int axis = 0; axis < variables.size(); axis++) {
            mass = smoothed(smoothed(mass, bins, variables.size(), axis), bins, variables.size(), axis);
        }
        double[] freeEnergy = freeEnergies(mass, state.kT());
        double[] logBoost = new double[cells];
        for (int c = 0; c < cells; c++) {
            logBoost[c] = (1 - slope) * Math.max(0, freeEnergy[c] - above) / state.kT();
        }
        return new CvBoost(variables, bins, logBoost);
    }

    /** Bins per variable for {@code count} variables. */
    static int binsFor(int count) {
        if (count == 1) {
            return 72;
        }
        int bins = Math.max(4, (int) Math.round(Math.pow(36 * 36, 1.0 / count)));
        if (Math.pow(bins, count) > MAX_CELLS) {
            throw new IllegalArgumentException("a CV boost over " + count + " collective variables needs "
                    + bins + "^" + count + " histogram cells, more than " + MAX_CELLS);
        }
        return bins;
    }

    /** {@code mass} convolved with [1/4, 1/2, 1/4] along {@code axis}, periodically. */
    private static double[] smoothed(double[] mass, int bins, int axes, int axis) {
        int stride = (int) Math.pow(bins, axes - 1 - axis);
        double[] out = new double[mass.length];
        for (int c = 0; c < mass.length; c++) {
            int index = (c / stride) % bins;
            int below = c + ((index + bins - 1) % bins - index) * stride;
            int above = c + ((index + 1) % bins - index) * stride;
            out[c] = 0.5 * mass[c] + 0.25 * (mass[below] + mass[above]);
        }
        return out;
    }

    /** -kT ln(mass) relative to its minimum; empty cells take the highest free energy of a cell with mass. */
    private static double[] freeEnergies(double[] mass, double kT) {
        double most = 0;
        double least = Double.POSITIVE_INFINITY;
        for (double m : mass) {
            most = Math.max(most, m);
            if (m > 0) {
                least = Math.min(least, m);
            }
        }
        double[] out = new double[mass.length];
        for (int c = 0; c < mass.length; c++) {
            out[c] = -kT * Math.log(Math.max(mass[c], least) / most);
        }
        return out;
    }

    /** The log weight of the configuration starting at {@code offset} in {@code xyz}. */
    public double logBoost(double[] xyz, int offset) {
        return logBoost[cell(xyz, offset)];
    }

    private int cell(double[] xyz, int offset) {
        int cell = 0;
        for (CollectiveVariable v : variables) {
            cell = cell * bins + TorusHistogram.cell(v.value(xyz, offset), bins);
        }
        return cell;
    }

    /** The log weight of each of the trajectory's frames. */
    public double[] logBoosts(Trajectory frames) {
        int[] cells = cells(frames);
        double[] out = new double[cells.length];
        for (int f = 0; f < cells.length; f++) {
            out[f] = logBoost[cells[f]];
        }
        return out;
    }

    /** The histogram cell of each of the trajectory's frames. */
    private int[] cells(Trajectory frames) {
        int[] out = new int[frames.frameCount()];
        double[] frame = new double[3 * frames.atomCount()];
        for (int f = 0; f < out.length; f++) {
            frames.copyFrame(f, frame, 0);
            out[f] = cell(frame, 0);
        }
        return out;
    }

    /** The log weight of each configuration of {@code atoms} atoms stored one after another in {@code frames}. */
    public double[] logBoosts(double[] frames, int atoms) {
        double[] out = new double[frames.length / (3 * atoms)];
        for (int f = 0; f < out.length; f++) {
            out[f] = logBoost(frames, f * 3 * atoms);
        }
        return out;
    }
}
