package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.StochasticFlowLayer;
import org.boltzflow.flows.Target;

/**
 * A target pulled back into a flow's latent space: {@code log p_z(z) = log p(f(z)) + log|det ∂f/∂z|}, so that MCMC
 * and annealed importance sampling can run between the flow's base (where a well-trained flow makes {@code p_z}
 * nearly the base itself) and the target. Points outside the base's support, points the flow cannot map (a layer
 * refuses them with an {@link IllegalArgumentException}, e.g. a bond angle outside (0, π)) and points where the
 * target is NaN get density zero ({@code -∞}), so a Metropolis test rejects them. Differentiable where every row
 * maps.
 */
public final class LatentTarget implements Target {
    private final NormalizingFlow flow;
    private final Target target;

    /**
     * The pull-back of {@code target} through {@code flow}; both must have the flow's dimension in data space, and the
     * flow must be a bijection (no stochastic layers).
     */
    public LatentTarget(NormalizingFlow flow, Target target) {
        for (FlowLayer layer : flow.layers()) {
            if (layer instanceof StochasticFlowLayer) {
                throw new IllegalArgumentException("a latent target needs a bijective flow, but layer "
                        + layer.getClass().getSimpleName() + " is stochastic");
            }
        }
        this.flow = flow;
        this.target = target;
    }

    @Override
    public int dim() {
        return flow.dim();
    }

    /** The data-space points of latent points {@code z} (rows the flow cannot map raise an exception). */
    public NDArray toData(NDArray z) {
        return flow.forward(z, 0L).value();
    }

    @Override
    public NDArray logProb(NDArray z) {
        NDArray inSupport = flow.base().logProb(z).isInfinite().logicalNot();
        NDArray safe = NDArrays.where(inSupport.expandDims(1).broadcast(z.getShape()), z, z.zerosLike());
        NDArray value;
        try {
            value = mapped(safe);
        } catch (IllegalArgumentException unmappableRow) {
            value = rowByRow(safe);
        }
        NDArray zero = value.zerosLike().add(Double.NEGATIVE_INFINITY);
        return NDArrays.where(inSupport.logicalAnd(value.isNaN().logicalNot()), value, zero);
    }

    private NDArray mapped(NDArray z) {
        FlowResult pushed = flow.forward(z, 0L);
        return target.logProb(pushed.value()).add(pushed.logDet());
    }

    private NDArray rowByRow(NDArray z) {
        NDList rows = new NDList();
        for (long i = 0; i < z.getShape().get(0); i++) {
            NDArray row = z.get(i + ":" + (i + 1));
            try {
                rows.add(mapped(row));
            } catch (IllegalArgumentException unmappable) {
                rows.add(row.getManager().zeros(new ai.djl.ndarray.types.Shape(1), z.getDataType())
                        .add(Double.NEGATIVE_INFINITY));
            }
        }
        return NDArrays.concat(rows);
    }
}
