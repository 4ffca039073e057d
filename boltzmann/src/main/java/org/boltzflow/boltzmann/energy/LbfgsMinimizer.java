package org.boltzflow.boltzmann.energy;

/**
 * Limited-memory BFGS minimization of an {@link EnergyModel} (Nocedal and Wright, Numerical Optimization, Alg. 7.4,
 * with a backtracking Armijo line search). Stops when the largest force component falls below the tolerance, when
 * the energy stops decreasing, or after the iteration limit.
 */
public final class LbfgsMinimizer {
    private static final int MEMORY = 8;
    private static final double ARMIJO = 1e-4;
    /** Largest step of any coordinate in one iteration, nm: keeps early steps from tearing molecules apart. */
    private static final double MAX_STEP_NM = 0.02;

    private final double forceTolerance;
    private final int maxIterations;

    /** The outcome: coordinates (nm), energy (kJ/mol), largest remaining force component, iterations, convergence. */
    public record Result(double[] xyz, double energy, double maxForce, int iterations, boolean converged) {}

    /**
     * A minimizer stopping at a largest force component of {@code forceTolerance} kJ/mol/nm or after
     * {@code maxIterations} iterations.
     */
    public LbfgsMinimizer(double forceTolerance, int maxIterations) {
        if (!(forceTolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("force tolerance must be positive and iterations at least 1");
        }
        this.forceTolerance = forceTolerance;
        this.maxIterations = maxIterations;
    }

    /** Minimizes from {@code start} (nm, not modified). */
    public Result minimize(EnergyModel model, double[] start) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double energy = gradient(model, x, g);
        double[][] s = new double[MEMORY][n];
        double[][] y = new double[MEMORY][n];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int next = 0;
        double[] direction = new double[n];
        double[] alpha = new double[MEMORY];
        int iteration = 0;
        while (iteration < maxIterations && maxAbs(g) > forceTolerance) {
            iteration++;
            searchDirection(g, s, y, rho, stored, next, direction, alpha);
            double slope = dot(direction, g);
            if (slope >= 0) {
                for (int i = 0; i < n; i++) {
                    direction[i] = -g[i];
                }
                slope = dot(direction, g);
                stored = 0;
            }
            double step = Math.min(1.0, MAX_STEP_NM / maxAbs(direction));
            double[] trial = new double[n];
            double[] trialGradient = new double[n];
            double trialEnergy = Double.NaN;
            boolean accepted = false;
            for (int halving = 0; halving < 40 && !accepted; halving++) {
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] + step * direction[i];
                }
                trialEnergy = gradient(model, trial, trialGradient);
                accepted = trialEnergy <= energy + ARMIJO * step * slope;
                if (!accepted) {
                    step *= 0.5;
                }
            }
            if (!accepted) {
                break;
            }
            double sy = 0;
            for (int i = 0; i < n; i++) {
                s[next][i] = trial[i] - x[i];
                y[next][i] = trialGradient[i] - g[i];
                sy += s[next][i] * y[next][i];
            }
            if (sy > 1e-12) {
                rho[next] = 1.0 / sy;
                next = (next + 1) % MEMORY;
                stored = Math.min(stored + 1, MEMORY);
            }
            boolean stalled = energy - trialEnergy < 1e-12 * Math.max(1.0, Math.abs(energy));
            x = trial;
            g = trialGradient;
            energy = trialEnergy;
            if (stalled) {
                break;
            }
        }
        double maxForce = maxAbs(g);
        return new Result(x, energy, maxForce, iteration, maxForce <= forceTolerance);
    }

    /** The two-loop recursion: direction = -H g with the stored curvature pairs. */
    private static void searchDirection(double[] g, double[][] s, double[][] y, double[] rho, int stored, int next,
            double[] direction, double[] alpha) {
        int n = g.length;
        System.arraycopy(g, 0, direction, 0, n);
        for (int k = 0; k < stored; k++) {
            int m = Math.floorMod(next - 1 - k, MEMORY);
            alpha[m] = rho[m] * dot(s[m], direction);
            for (int i = 0; i < n; i++) {
                direction[i] -= alpha[m] * y[m][i];
            }
        }
        if (stored > 0) {
            int last = Math.floorMod(next - 1, MEMORY);
            double scale = 1.0 / (rho[last] * dot(y[last], y[last]));
            for (int i = 0; i < n; i++) {
                direction[i] *= scale;
            }
        }
        for (int k = stored - 1; k >= 0; k--) {
            int m = Math.floorMod(next - 1 - k, MEMORY);
            double beta = rho[m] * dot(y[m], direction);
            for (int i = 0; i < n; i++) {
                direction[i] += (alpha[m] - beta) * s[m][i];
            }
        }
        for (int i = 0; i < n; i++) {
            direction[i] = -direction[i];
        }
    }

    /** Energy at x; writes the gradient (minus the forces) into g. */
    private static double gradient(EnergyModel model, double[] x, double[] g) {
        double energy = model.energyAndForces(x, g);
        for (int i = 0; i < g.length; i++) {
            g[i] = -g[i];
        }
        return energy;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
