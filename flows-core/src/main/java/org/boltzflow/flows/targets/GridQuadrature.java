package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.boltzflow.flows.Target;

/**
 * Midpoint-rule quadrature of a (log-)density over a box in one or two dimensions, evaluated in float64 through
 * the target's own {@code logProb}. For smooth densities that vanish at the box's edges (or are periodic across
 * it) the midpoint rule converges faster than any power of the spacing, so a few hundred points per axis give
 * near machine precision. Used to normalize targets without a closed form and to check that bases integrate to 1.
 */
public final class GridQuadrature {
    private static final int CHUNK = 1 << 16;

    private GridQuadrature() {}

    /**
     * What the integral found: {@code log ∫ exp(logp)} and {@code ∫ p·logp / ∫ p} (the mean log-density under the
     * normalized density; its negative is the entropy when {@code logp} is normalized).
     */
    public record Result(double logIntegral, double meanLogProb) {}

    /** Integrates {@code exp(target.logProb)} over the box [low, high] with {@code points} midpoints per axis. */
    public static Result integrate(Target target, double[] low, double[] high, int points) {
        int dim = target.dim();
        if (dim != low.length || dim != high.length || dim < 1 || dim > 2) {
            throw new IllegalArgumentException("grid quadrature needs a 1D or 2D target and a box of the same dimension");
        }
        long total = dim == 1 ? points : (long) points * points;
        double cell = 1.0;
        for (int d = 0; d < dim; d++) {
            cell *= (high[d] - low[d]) / points;
        }
        double[] logValues = new double[Math.toIntExact(total)];
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int start = 0; start < total; start += CHUNK) {
                int count = (int) Math.min(CHUNK, total - start);
                double[] xs = new double[count * dim];
                for (int i = 0; i < count; i++) {
                    long index = start + i;
                    for (int d = 0; d < dim; d++) {
                        long k = d == 0 ? index % points : index / points;
                        xs[i * dim + d] = low[d] + (k + 0.5) * (high[d] - low[d]) / points;
                    }
                }
                try (NDManager chunk = manager.newSubManager()) {
                    NDArray x = chunk.create(xs, new Shape(count, dim));
                    double[] lp = target.logProb(x).toType(DataType.FLOAT64, false).toDoubleArray();
                    System.arraycopy(lp, 0, logValues, start, count);
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logValues) {
            max = Math.max(max, v);
        }
        double mass = 0;
        double weightedLog = 0;
        for (double v : logValues) {
            if (v > Double.NEGATIVE_INFINITY) {
                double w = Math.exp(v - max);
                mass += w;
                weightedLog += w * v;
            }
        }
        return new Result(max + Math.log(mass * cell), weightedLog / mass);
    }
}
