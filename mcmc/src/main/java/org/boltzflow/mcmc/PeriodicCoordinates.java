package org.boltzflow.mcmc;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.Target;

/**
 * The circular coordinates of a space, for Markov chains that move on the torus they form: a density seen through
 * {@link #wrapping} is evaluated at its points' images in {@code [low, high)}, so it is periodic and a chain may step
 * across an angle's boundary instead of being rejected there. A random-walk or leapfrog step of the unwrapped point
 * is then a step on the torus (symmetric and volume-preserving as before), and the Metropolis test and importance
 * weights are those of the wrapped points. Wrapping is {@code x - width * floor((x - low) / width)}, whose derivative
 * is 1, so gradients pass through it.
 */
public final class PeriodicCoordinates {
    private final int dim;
    private final double[] low;
    private final double[] width;
    private final double[] mask;
    private final boolean any;

    private PeriodicCoordinates(List<Domain> domains) {
        dim = domains.size();
        low = new double[dim];
        width = new double[dim];
        mask = new double[dim];
        boolean found = false;
        for (int i = 0; i < dim; i++) {
            Domain d = domains.get(i);
            width[i] = 1;
            if (d.isCircular()) {
                low[i] = d.low();
                width[i] = d.high() - d.low();
                mask[i] = 1;
                found = true;
            }
        }
        any = found;
    }

    /** The circular coordinates among {@code domains}, one per column. */
    public static PeriodicCoordinates of(List<Domain> domains) {
        return new PeriodicCoordinates(domains);
    }

    /** The points {@code (n, dim)} with every circular column mapped into its {@code [low, high)}. */
    public NDArray wrap(NDArray x) {
        if (!any) {
            return x;
        }
        NDManager m = x.getManager();
        NDArray lowRow = row(m, low, x);
        NDArray widthRow = row(m, width, x);
        NDArray turns = x.sub(lowRow).div(widthRow).floor().mul(row(m, mask, x));
        return x.sub(turns.mul(widthRow));
    }

    private NDArray row(NDManager manager, double[] values, NDArray like) {
        if (like.getShape().get(1) != dim) {
            throw new IllegalArgumentException("points have " + like.getShape().get(1) + " columns, the domains "
                    + dim);
        }
        return manager.create(values, new Shape(1, dim)).toType(like.getDataType(), false);
    }

    /** {@code target} evaluated at wrapped points (itself if no coordinate is circular). */
    public Target wrapping(Target target) {
        return any ? new WrappedTarget(target) : target;
    }

    /** {@code distribution} evaluated at wrapped points; its draws are its own (itself if nothing is circular). */
    public Distribution wrapping(Distribution distribution) {
        return any ? new WrappedDistribution(distribution) : distribution;
    }

    private class WrappedTarget implements Target {
        private final Target inner;

        WrappedTarget(Target inner) {
            this.inner = inner;
        }

        @Override
        public int dim() {
            return inner.dim();
        }

        @Override
        public NDArray logProb(NDArray x) {
            return inner.logProb(wrap(x));
        }

        @Override
        public NDArray logProbValues(NDArray x) {
            return inner.logProbValues(wrap(x));
        }
    }

    private final class WrappedDistribution extends WrappedTarget implements Distribution {
        private final Distribution distribution;

        WrappedDistribution(Distribution distribution) {
            super(distribution);
            this.distribution = distribution;
        }

        @Override
        public Sample sample(NDManager manager, int n, long seed) {
            return distribution.sample(manager, n, seed);
        }

        @Override
        public List<Parameter> parameters() {
            return distribution.parameters();
        }

        @Override
        public JsonObject toJson() {
            return distribution.toJson();
        }
    }
}
