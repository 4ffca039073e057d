package org.boltzflow.boltzmann.cv;

import java.util.List;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * A free-energy surface (potential of mean force) on a grid of one or two collective variables: per bin, the
 * weighted probability and {@code F = -kT ln p} in kJ/mol shifted so that its minimum is 0, with a bootstrap error
 * relative to the lowest bin (whose error is therefore 0). Bins without a weighted sample have F = NaN. Bins are
 * stored row-major: bin (i, j) of a 2D surface is at {@code i * bins(1) + j}.
 */
public record FreeEnergySurface(List<Axis> axes, double[] probability, Estimate[] free) {
    /** Checks the sizes agree. */
    public FreeEnergySurface {
        axes = List.copyOf(axes);
        int cells = axes.stream().mapToInt(Axis::bins).reduce(1, (a, b) -> a * b);
        if (probability.length != cells || free.length != cells) {
            throw new IllegalArgumentException("a surface of " + cells + " bins got " + probability.length
                    + " probabilities and " + free.length + " free energies");
        }
    }

    /** The free energy of bin {@code k} (row-major) in kJ/mol with its error. */
    public Estimate at(int k) {
        return free[k];
    }

    /** The free energy of bin (i, j) of a 2D surface. */
    public Estimate at(int i, int j) {
        return free[i * axes.get(1).bins() + j];
    }

    /** The number of bins. */
    public int size() {
        return free.length;
    }

    /**
     * How well this surface agrees with {@code other} on the same grid, over the bins where both are defined and at
     * most {@code below} kJ/mol above their minimum: the surfaces are aligned by the mean difference over those bins
     * (each has its own zero), then the root-mean-square difference and the mean squared difference in units of the
     * combined variance (near 1 when the two agree within their errors; bins with no error, such as each surface's
     * reference bin, are left out of that mean).
     */
    public Agreement agreementWith(FreeEnergySurface other, double below) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("surfaces of " + size() + " and " + other.size() + " bins differ in grid");
        }
        int n = 0;
        double shift = 0;
        for (int k = 0; k < size(); k++) {
            if (compared(other, k, below)) {
                shift += free[k].value() - other.free[k].value();
                n++;
            }
        }
        if (n == 0) {
            return new Agreement(0, Double.NaN, Double.NaN);
        }
        shift /= n;
        double squares = 0;
        double z2 = 0;
        int withError = 0;
        for (int k = 0; k < size(); k++) {
            if (compared(other, k, below)) {
                double d = free[k].value() - other.free[k].value() - shift;
                squares += d * d;
                double variance = free[k].stdError() * free[k].stdError()
                        + other.free[k].stdError() * other.free[k].stdError();
                if (variance > 0) {
                    z2 += d * d / variance;
                    withError++;
                }
            }
        }
        return new Agreement(n, Math.sqrt(squares / n), withError == 0 ? Double.NaN : z2 / withError);
    }

    private boolean compared(FreeEnergySurface other, int k, double below) {
        Estimate a = free[k];
        Estimate b = other.free[k];
        return a.value() <= below && b.value() <= below && Double.isFinite(a.stdError())
                && Double.isFinite(b.stdError());
    }

    /**
     * The agreement of two surfaces: the number of bins compared, the RMS difference in kJ/mol after alignment and
     * the mean squared difference over the combined variance.
     */
    public record Agreement(int bins, double rmsKjMol, double meanSquaredZ) {}
}
