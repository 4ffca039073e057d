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
}
