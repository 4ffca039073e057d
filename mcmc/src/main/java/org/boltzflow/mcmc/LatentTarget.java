package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.stream.IntStream;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.RowsOutsideDomainException;
import org.boltzflow.flows.StochasticFlowLayer;
import org.boltzflow.flows.Target;

/**
 * A target pulled back into a flow's latent space: {@code log p_z(z) = log p(f(z)) + log|det ∂f/∂z|}, so that MCMC
 * and annealed importance sampling can run between the flow's base (where a well-trained flow makes {@code p_z}
 * nearly the base itself) and the target. Points outside the base's support, points the flow cannot map (a layer
 * refuses them with an {@link IllegalArgumentException}, e.g. a bond angle outside (0, π)) and points where the
 * target is NaN get density zero ({@code -∞}), so a Metropolis test rejects them. A layer that names the rows it
 * refuses ({@link RowsOutsideDomainException}) leaves the rest of the batch mapped as one batch. Differentiable where
 * every row maps.
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
        return flow.forwardValues(z, 0L).value();
    }

    @Override
    public NDArray logProb(NDArray z) {
        return pulledBack(z, false);
    }

    /** {@link #logProb} without gradients, one flow layer at a time ({@link NormalizingFlow#forwardValues}). */
    @Override
    public NDArray logProbValues(NDArray z) {
        return pulledBack(z.stopGradient(), true);
    }

    private NDArray pulledBack(NDArray z, boolean valuesOnly) {
        NDArray inSupport = flow.base().logProb(z).isInfinite().logicalNot();
        NDArray safe = NDArrays.where(inSupport.expandDims(1).broadcast(z.getShape()), z, z.zerosLike());
        NDArray value = mappedWhereDefined(safe, valuesOnly);
        NDArray zero = value.zerosLike().add(Double.NEGATIVE_INFINITY);
        return NDArrays.where(inSupport.logicalAnd(value.isNaN().logicalNot()), value, zero);
    }

    /**
     * The pulled-back density of every row, -∞ for the rows the flow refuses. A layer that names its refused rows
     * ({@link RowsOutsideDomainException}) costs one more batch per refusal; any other refusal is resolved row by row.
     */
    private NDArray mappedWhereDefined(NDArray z, boolean valuesOnly) {
        int n = Math.toIntExact(z.getShape().get(0));
        boolean[] refused = new boolean[n];
        while (true) {
            long[] kept = IntStream.range(0, n).filter(i -> !refused[i]).asLongStream().toArray();
            if (kept.length == 0) {
                return z.getManager().full(new Shape(n), Float.NEGATIVE_INFINITY, z.getDataType());
            }
            try {
                return kept.length == n ? mapped(z, valuesOnly)
                        : scatter(mapped(rows(z, kept), valuesOnly), kept, n);
            } catch (RowsOutsideDomainException outside) {
                for (long row : outside.rows()) {
                    refused[(int) kept[Math.toIntExact(row)]] = true;
                }
            } catch (IllegalArgumentException unmappableRow) {
                return kept.length == n ? rowByRow(z, valuesOnly)
                        : scatter(rowByRow(rows(z, kept), valuesOnly), kept, n);
            }
        }
    }

    private NDArray mapped(NDArray z, boolean valuesOnly) {
        if (valuesOnly) {
            FlowResult pushed = flow.forwardValues(z, 0L);
            return target.logProbValues(pushed.value()).add(pushed.logDet());
        }
        FlowResult pushed = flow.forward(z, 0L);
        return target.logProb(pushed.value()).add(pushed.logDet());
    }

    private static NDArray rows(NDArray a, long[] index) {
        return a.get(new NDIndex("{}", a.getManager().create(index)));
    }

    /** A length-{@code n} vector with {@code values} at the rows {@code kept} (increasing) and -∞ elsewhere. */
    private static NDArray scatter(NDArray values, long[] kept, int n) {
        NDArray padded = NDArrays.concat(new NDList(values,
                values.getManager().full(new Shape(1), Float.NEGATIVE_INFINITY, values.getDataType())));
        long[] source = new long[n];
        java.util.Arrays.fill(source, kept.length);
        for (int k = 0; k < kept.length; k++) {
            source[(int) kept[k]] = k;
        }
        return rows(padded, source);
    }

    private NDArray rowByRow(NDArray z, boolean valuesOnly) {
        NDList rows = new NDList();
        for (long i = 0; i < z.getShape().get(0); i++) {
            NDArray row = z.get(i + ":" + (i + 1));
            try {
                rows.add(mapped(row, valuesOnly));
            } catch (IllegalArgumentException unmappable) {
                rows.add(row.getManager().full(new Shape(1), Float.NEGATIVE_INFINITY, z.getDataType()));
            }
        }
        return NDArrays.concat(rows);
    }
}
