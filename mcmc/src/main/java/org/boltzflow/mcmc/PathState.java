package org.boltzflow.mcmc;

import org.boltzflow.flows.NDMath;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * A batch of chain positions {@code x (n, dim)} on a {@link GeometricPath}, with the log-densities of both ends
 * of the path at {@code x} and, when a kernel needs them, their gradients (else {@code null}). All arrays are
 * detached from any autograd graph. {@code acceptance} is the mean acceptance of the step that produced the state
 * (NaN for a starting state).
 */
public record PathState(NDArray x, NDArray logStart, NDArray logEnd, NDArray gradStart, NDArray gradEnd,
        double acceptance) {

    public boolean hasGradient() {
        return gradStart != null && gradEnd != null;
    }

    /** {@code (1-β) log start + β log end} per chain; the ends themselves at β = 0 and 1. */
    public NDArray logDensity(double beta) {
        if (beta == 0.0) {
            return logStart;
        }
        if (beta == 1.0) {
            return logEnd;
        }
        return NDMath.scale(logStart, 1.0 - beta).add(NDMath.scale(logEnd, beta));
    }

    /** The gradient of {@link #logDensity} with respect to {@code x}. */
    public NDArray gradient(double beta) {
        if (!hasGradient()) {
            throw new IllegalStateException("this state was evaluated without gradients");
        }
        if (beta == 0.0) {
            return gradStart;
        }
        if (beta == 1.0) {
            return gradEnd;
        }
        return NDMath.scale(gradStart, 1.0 - beta).add(NDMath.scale(gradEnd, beta));
    }

    /** Per chain, {@code proposal} where {@code accept} is true and this state elsewhere; gradients kept if both have them. */
    public PathState select(NDArray accept, PathState proposal, double acceptanceRate) {
        NDArray rows = accept.expandDims(1).broadcast(x.getShape());
        boolean grads = hasGradient() && proposal.hasGradient();
        return new PathState(NDArrays.where(rows, proposal.x, x),
                NDArrays.where(accept, proposal.logStart, logStart),
                NDArrays.where(accept, proposal.logEnd, logEnd),
                grads ? NDArrays.where(rows, proposal.gradStart, gradStart) : null,
                grads ? NDArrays.where(rows, proposal.gradEnd, gradEnd) : null,
                acceptanceRate);
    }

    /** The chains {@code index} (with repeats) of this state, in that order; new arrays in {@code x}'s manager. */
    public PathState rows(int[] index) {
        NDArray rows = x.getManager().create(index).toType(DataType.INT64, false);
        NDIndex pick = new NDIndex("{}", rows);
        return new PathState(x.get(pick), logStart.get(pick), logEnd.get(pick),
                hasGradient() ? gradStart.get(pick) : null, hasGradient() ? gradEnd.get(pick) : null, acceptance);
    }

    /** Moves every array of this state to {@code manager}. */
    public PathState attach(NDManager manager) {
        for (NDArray a : new NDArray[] {x, logStart, logEnd, gradStart, gradEnd}) {
            if (a != null) {
                a.attach(manager);
            }
        }
        return this;
    }
}
