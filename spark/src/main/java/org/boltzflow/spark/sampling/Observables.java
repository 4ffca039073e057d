package org.boltzflow.spark.sampling;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.CvSpecs;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.cv.Interval;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;

/**
 * What distributed sampling measures on each configuration: two dihedrals (their free-energy profiles in
 * {@code bins} bins over [-π, π)) and named states as boxes on the torus of the two, given as {@code --state}
 * texts ({@code name:phi=lo..hi,psi=lo..hi}, degrees; see {@link CvSpecs#state}). Serializable, so executors rebuild
 * the states from the texts.
 */
public final class Observables implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String[] names;
    private final int[][] atoms;
    private final List<String> states;
    private final int bins;

    /** Two dihedrals, the states on their torus and the profile bins; checks the bins and the states. */
    public Observables(Dihedral first, Dihedral second, List<String> states, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("--bins must be at least 1, got " + bins);
        }
        this.names = new String[] {first.name(), second.name()};
        this.atoms = new int[][] {{first.a(), first.b(), first.c(), first.d()},
                {second.a(), second.b(), second.c(), second.d()}};
        this.states = List.copyOf(states);
        this.bins = bins;
        regions();
    }

    /** The first two variables of {@code definition} (both dihedrals) and its states. */
    public static Observables of(CvDefinition definition, int bins) {
        List<CollectiveVariable> variables = definition.variables();
        if (variables.size() < 2 || !(variables.get(0) instanceof Dihedral first)
                || !(variables.get(1) instanceof Dihedral second)) {
            throw new IllegalArgumentException("distributed sampling measures two dihedrals; the definition's first "
                    + "two collective variables must be dihedrals");
        }
        return new Observables(first, second, definition.states().stream().map(Observables::text).toList(), bins);
    }

    /** Alanine dipeptide's φ and ψ with its four basins ({@code data/alanine-dipeptide/phi-psi.json}). */
    public static Observables alanineDipeptide(int bins) {
        Path folder = Path.of(System.getProperty("boltzflow.data", "data"), "alanine-dipeptide");
        try {
            return of(CvDefinition.read(folder.resolve("phi-psi.json"),
                    PrmtopReader.read(folder.resolve("alanine-dipeptide.prmtop")).topology()), bins);
        } catch (IOException e) {
            throw new IllegalStateException("alanine dipeptide's definitions cannot be read from " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    private static String text(State state) {
        StringBuilder s = new StringBuilder(state.name()).append(':');
        for (Interval range : state.ranges()) {
            double scale = range.variable().unit() == CollectiveVariable.Unit.RADIAN ? 180 / Math.PI : 1;
            s.append(s.charAt(s.length() - 1) == ':' ? "" : ",").append(range.variable().name()).append('=')
                    .append(String.format(Locale.ROOT, "%.17g..%.17g", range.low() * scale, range.high() * scale));
        }
        return s.toString();
    }

    /** Dihedral 0 or 1. */
    public Dihedral dihedral(int which) {
        int[] a = atoms[which];
        return new Dihedral(names[which], a[0], a[1], a[2], a[3]);
    }

    /** The state definitions, as {@code --state} texts. */
    public List<String> states() {
        return states;
    }

    /** The states, in the given order. */
    public List<State> regions() {
        Dihedral first = dihedral(0);
        Dihedral second = dihedral(1);
        return states.stream().map(spec -> CvSpecs.state(spec,
                name -> name.equals(first.name()) ? first : name.equals(second.name()) ? second : null)).toList();
    }

    /** Whether the configuration with dihedral values {@code first} and {@code second} lies in {@code state}. */
    public boolean contains(State state, double first, double second) {
        return state.contains(cv -> cv.name().equals(names[0]) ? first : second);
    }

    /** The number of profile bins over [-π, π). */
    public int bins() {
        return bins;
    }

    /** The bin of an angle in [-π, π). */
    public int bin(double angle) {
        return Math.floorMod((int) Math.floor((angle + Math.PI) / (2 * Math.PI) * bins), bins);
    }
}
