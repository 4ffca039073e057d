package org.boltzflow.mcmc;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.Target;

/**
 * The geometric path {@code log π_β = (1-β) log start + β log end} between two densities, the interpolation SNF
 * layers and AIS move along. It evaluates both ends (and their gradients with respect to the points, by autograd)
 * on detached copies of the points. Gradients need a gradient collector of their own, so evaluation with
 * gradients cannot run inside a training step's recording (FAB therefore samples in {@code Objective.prepare});
 * parameter gradients the evaluation leaves behind are cleared so the next training step is not polluted.
 */
public final class GeometricPath {
    private final Target start;
    private final Target end;

    public GeometricPath(Target start, Target end) {
        if (start.dim() != end.dim()) {
            throw new IllegalArgumentException("path ends differ in dimension: " + start.dim() + " vs " + end.dim());
        }
        this.start = start;
        this.end = end;
    }

    public Target start() {
        return start;
    }

    public Target end() {
        return end;
    }

    /** Both ends' log-densities at {@code x} (and gradients if asked), as a state whose arrays live in {@code manager}. */
    public PathState evaluate(NDArray x, boolean withGradient, NDManager manager) {
        NDArray points = x.stopGradient();
        points.attach(manager);
        if (!withGradient) {
            return new PathState(points, start.logProbValues(points), end.logProbValues(points), null, null,
                    Double.NaN);
        }
        NDArray[] logStart = new NDArray[1];
        NDArray gradStart = gradient(start, points, logStart, manager);
        NDArray[] logEnd = new NDArray[1];
        NDArray gradEnd = gradient(end, points, logEnd, manager);
        return new PathState(points, logStart[0], logEnd[0], gradStart, gradEnd, Double.NaN);
    }

    private static NDArray gradient(Target target, NDArray points, NDArray[] logProb, NDManager manager) {
        NDArray grad;
        try (NDManager scratch = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray leaf = points.duplicate();
            leaf.attach(scratch);
            leaf.setRequiresGradient(true);
            NDArray value = target.logProb(leaf);
            value.attach(scratch);
            collector.backward(value.sum());
            logProb[0] = value.stopGradient();
            logProb[0].attach(manager);
            grad = leaf.getGradient().duplicate();
            grad.attach(manager);
        }
        clearParameterGradients(target);
        return grad;
    }

    private static void clearParameterGradients(Target target) {
        if (!(target instanceof HasParameters owner)) {
            return;
        }
        for (Parameter p : owner.parameters()) {
            if (p.requiresGradient()) {
                try (NDArray grad = p.getArray().getGradient()) {
                    grad.muli(0);
                } catch (IllegalStateException noGradientYet) {
                    // the parameter took no part in this evaluation: nothing to clear
                }
            }
        }
    }
}
