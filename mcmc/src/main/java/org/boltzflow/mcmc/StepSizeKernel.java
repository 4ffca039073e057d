package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.boltzflow.flows.Rng;

/**
 * The shared part of the kernels with per-dimension step sizes: a global scale on them that, during an optional
 * burn-in, adapts to a target acceptance rate by {@code log scale += rate · (acceptance - target)}; after burn-in
 * the kernel is fixed (so detailed balance, and the importance weights, hold exactly). Also the Metropolis test.
 */
public abstract class StepSizeKernel implements MarkovKernel {
    private final double[] stepSizes;
    private double logScale;
    private double targetAcceptance = Double.NaN;
    private double adaptationRate = 0.05;
    private long burnInRemaining;

    /** Per-dimension step sizes, or one value for all dimensions. */
    protected StepSizeKernel(double... stepSizes) {
        if (stepSizes.length == 0) {
            throw new IllegalArgumentException("at least one step size is needed");
        }
        for (double s : stepSizes) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("step sizes must be positive and finite, got " + s);
            }
        }
        this.stepSizes = stepSizes.clone();
    }

    /** Adapt the step-size scale toward {@code acceptance} during the next {@code burnInSteps} steps, then freeze it. */
    public StepSizeKernel adaptTo(double acceptance, long burnInSteps) {
        if (!(acceptance > 0 && acceptance < 1) || burnInSteps < 0) {
            throw new IllegalArgumentException("target acceptance must be in (0, 1) and burn-in >= 0");
        }
        this.targetAcceptance = acceptance;
        this.burnInRemaining = burnInSteps;
        return this;
    }

    @Override
    public void observe(double acceptance) {
        if (burnInRemaining > 0 && Double.isFinite(acceptance)) {
            logScale += adaptationRate * (acceptance - targetAcceptance);
            burnInRemaining--;
        }
    }

    /** Whether the step size is still being adapted. */
    public boolean adapting() {
        return burnInRemaining > 0;
    }

    /** The step sizes in use now (per dimension, scale applied). */
    public double[] stepSizes(int dim) {
        if (stepSizes.length != 1 && stepSizes.length != dim) {
            throw new IllegalArgumentException(stepSizes.length + " step sizes given for " + dim + " dimensions");
        }
        double[] sizes = new double[dim];
        for (int i = 0; i < dim; i++) {
            sizes[i] = stepSizes[stepSizes.length == 1 ? 0 : i] * Math.exp(logScale);
        }
        return sizes;
    }

    /** The step sizes as a {@code (1, dim)} row in the dtype of {@code x}. */
    protected NDArray stepRow(NDArray x, NDManager manager) {
        int dim = Math.toIntExact(x.getShape().get(1));
        return manager.create(stepSizes(dim), new Shape(1, dim)).toType(x.getDataType(), false);
    }

    /** Standard normal noise shaped like {@code x}. */
    protected static NDArray noise(NDArray x, NDManager manager, long seed) {
        return Rng.normal(manager, x.getShape(), x.getDataType(), seed);
    }

    /**
     * The Metropolis-Hastings test: chains whose {@code log u < logAlpha} move to {@code proposal}; NaN log
     * ratios are rejected.
     */
    protected static PathState accept(PathState current, PathState proposal, NDArray logAlpha, long seed,
            NDManager manager) {
        long n = logAlpha.getShape().get(0);
        NDArray logU = Rng.uniform(manager, new Shape(n), DataType.FLOAT64, 0.0, 1.0, seed).log();
        NDArray accept = logU.lt(logAlpha.toType(DataType.FLOAT64, false));
        double rate = accept.toType(DataType.FLOAT64, false).mean().getDouble();
        return current.select(accept, proposal, rate);
    }
}
