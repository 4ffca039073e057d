package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Sample;

/**
 * A 2D toy density whose normalizer is known (in closed form or by a one-off quadrature) and that can be sampled
 * exactly, so it serves both as a {@link org.boltzflow.flows.Target} for reverse KL and as a data source for
 * forward KL and test NLL. Subclasses give the unnormalized log-density (differentiable NDArray ops), the
 * log-normalizer and an exact sampler in plain Java; {@link #entropy()} (the best achievable mean NLL) comes from
 * quadrature over {@link #box()}.
 */
public abstract class AnalyticTarget implements Distribution {
    private final DataType dtype;
    private volatile Double entropy;

    protected AnalyticTarget(DataType dtype) {
        this.dtype = dtype;
    }

    /** The unnormalized log-density of each row of {@code x} {@code (n, 2)}. */
    protected abstract NDArray unnormalizedLogProb(NDArray x);

    /** log ∫ exp(unnormalizedLogProb). */
    public abstract double logNormalizer();

    /** {@code n} exact draws as a row-major {@code (n, 2)} array; {@code manager} holds any temporaries. */
    protected abstract double[] sampleRows(NDManager manager, int n, SplittableRandom random);

    /** A box holding all but a negligible (&lt; 1e-15) part of the mass, used for quadrature and plots. */
    public abstract double[][] box();

    /** The name of this target in architecture JSON and on the command line. */
    public abstract String name();

    @Override
    public final int dim() {
        return 2;
    }

    /** The dtype of samples. */
    public DataType dtype() {
        return dtype;
    }

    @Override
    public NDArray logProb(NDArray x) {
        return unnormalizedLogProb(x).sub(logNormalizer());
    }

    @Override
    public Sample sample(NDManager manager, int n, long seed) {
        double[] rows;
        try (NDManager scratch = manager.newSubManager()) {
            rows = sampleRows(scratch, n, new SplittableRandom(seed));
        }
        NDArray x = manager.create(rows, new Shape(n, 2)).toType(dtype, false);
        return new Sample(x, logProb(x));
    }

    /** The entropy {@code -E[log p]}, i.e. the exact mean NLL a perfect model reaches on this target's samples. */
    public double entropy() {
        if (entropy == null) {
            double[][] box = box();
            entropy = -GridQuadrature.integrate(this, box[0], box[1], 500).meanLogProb();
        }
        return entropy;
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", name());
        json.addProperty("dtype", dtype.name());
        return json;
    }
}
