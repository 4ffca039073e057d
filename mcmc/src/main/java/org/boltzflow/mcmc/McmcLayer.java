package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.StochasticFlowLayer;
import java.util.Objects;
import org.boltzflow.flows.Target;

/**
 * A stochastic-normalizing-flow layer (Wu et al. 2020): a few MCMC transitions that leave
 * {@code π_β ∝ reference^(1-β) · target^β} invariant, where {@code reference} is usually the flow up to this layer.
 * Because every kernel is reversible with respect to π_β, the layer's contribution to the log importance weight is
 * {@code log π_β(x_in) - log π_β(x_out)}, returned as its log-det so that {@code NormalizingFlow.sample} reports
 * {@code log q} such that {@code log p - log q} is an exact log importance weight of the whole path. Outputs are
 * detached: gradients do not flow through the layer. Every temporary, including any a target leaves in its own
 * manager, is closed when the layer returns. The kernel is any {@link StepSizeKernel}: {@link RandomWalkMetropolis},
 * {@link Mala} or {@link Hmc} (e.g. {@code new McmcLayer(flow, target, 1.0, 5, new Hmc(3, 0.2))}); a kernel set to
 * {@link StepSizeKernel#adaptTo adapt} its step size does so during its first calls (burn-in), then stays fixed.
 */
public final class McmcLayer implements StochasticFlowLayer {
    private final GeometricPath path;
    private final double beta;
    private final int transitions;
    private final StepSizeKernel kernel;

    /** {@code transitions} steps of {@code kernel} per call, leaving π_β between {@code reference} and {@code target} invariant. */
    public McmcLayer(Target reference, Target target, double beta, int transitions, StepSizeKernel kernel) {
        if (!(beta >= 0 && beta <= 1) || transitions < 1) {
            throw new IllegalArgumentException("beta must be in [0, 1] and transitions >= 1, got beta " + beta
                    + ", transitions " + transitions);
        }
        this.path = new GeometricPath(reference, target);
        this.beta = beta;
        this.transitions = transitions;
        this.kernel = Objects.requireNonNull(kernel, "kernel");
    }

    /** The kernel this layer applies. */
    public StepSizeKernel kernel() {
        return kernel;
    }

    /** Where on the path from reference (0) to target (1) the invariant density π_β lies. */
    public double beta() {
        return beta;
    }

    @Override
    public FlowResult forward(NDArray z, long seed) {
        NDManager parent = z.getManager();
        try (NDScope scope = new NDScope(); NDManager scratch = parent.newSubManager()) {
            scope.suppressNotUsedWarning();
            PathState start = path.evaluate(z, kernel.needsGradient(), scratch);
            PathState end = Chain.run(path, beta, kernel, start, transitions, seed, scratch);
            NDArray logDet = start.logDensity(beta).sub(end.logDensity(beta));
            NDArray x = end.x();
            x.attach(parent);
            logDet.attach(parent);
            NDScope.unregister(x, logDet);
            return new FlowResult(x, logDet);
        }
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", getClass().getSimpleName());
        json.addProperty("kernel", kernel.getClass().getSimpleName());
        if (kernel instanceof Hmc hmc) {
            json.addProperty("leapfrogSteps", hmc.leapfrogSteps());
        }
        json.addProperty("beta", beta);
        json.addProperty("transitions", transitions);
        JsonArray sizes = new JsonArray();
        for (double s : kernel.stepSizes(path.start().dim())) {
            sizes.add(s);
        }
        json.add("stepSizes", sizes);
        return json;
    }

    @Override
    public String toString() {
        return "McmcLayer(" + kernel.getClass().getSimpleName() + ", beta " + beta + ", " + transitions
                + " transitions)";
    }
}
