package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.io.ComponentRegistry;

/**
 * A normalizing flow: a base distribution pushed through a list of layers, latent to data. It is itself a
 * {@link Distribution}: {@code logProb(x)} runs the layers backwards, {@code sample} runs them forwards. The
 * objectives of normflows live here: {@link #forwardKld}, {@link #reverseKld} and {@link #reverseAlphaDiv}, with
 * {@link #weightedForwardKld}, forward KL to a target on the flow's own importance-weighted draws.
 *
 * <p>A flow with conditional layers ({@link FlowLayer#contextSize()} &gt; 0, all of one context size) is a
 * conditional density q(x | c): {@link #logProb(NDArray, NDArray)}, {@link #sample(NDManager, int, NDArray, long)}
 * and the objectives take a context, either one row {@code (1, c)} shared by the whole batch or one row per sample
 * {@code (n, c)}. The base distribution is unconditional; every layer receives the context (unconditional layers
 * ignore it).
 */
public class NormalizingFlow implements Distribution {
    private final Distribution base;
    private final List<FlowLayer> layers;
    private final int contextSize;

    /** A flow of {@code layers} (applied in list order when sampling) on top of {@code base}. */
    public NormalizingFlow(Distribution base, List<? extends FlowLayer> layers) {
        this.base = base;
        this.layers = List.copyOf(layers);
        int size = 0;
        for (FlowLayer layer : this.layers) {
            if (layer.contextSize() > 0 && size > 0 && layer.contextSize() != size) {
                throw new IllegalArgumentException("conditional layers disagree on the context size: " + size + " and "
                        + layer.contextSize());
            }
            size = Math.max(size, layer.contextSize());
        }
        this.contextSize = size;
    }

    /** Rebuilds a flow from its {@link #toJson()}, the base and layers through the {@link ComponentRegistry}. */
    public static NormalizingFlow fromJson(JsonObject json, NDManager manager) {
        ComponentRegistry registry = ComponentRegistry.load();
        return new NormalizingFlow(registry.create(ArchitectureJson.object(json, "base"), manager, Distribution.class),
                registry.createAll(json, "layers", manager, FlowLayer.class));
    }

    /** The length of the context vector the flow is conditioned on; 0 for an unconditional flow. */
    public int contextSize() {
        return contextSize;
    }

    public Distribution base() {
        return base;
    }

    public List<FlowLayer> layers() {
        return layers;
    }

    @Override
    public int dim() {
        return base.dim();
    }

    /** Pushes latent points through every layer: data points and the summed log|det ∂x/∂z|. */
    public FlowResult forward(NDArray z, long seed) {
        return forward(z, null, seed);
    }

    /** {@link #forward(NDArray, long)} given a context ({@code (1, c)} or {@code (n, c)}; null if unconditional). */
    public FlowResult forward(NDArray z, NDArray context, long seed) {
        NDArray rows = contextRows(context, z);
        NDArray x = z;
        NDArray logDet = z.getManager().zeros(new Shape(z.getShape().get(0)), z.getDataType());
        for (int i = 0; i < layers.size(); i++) {
            FlowLayer layer = layers.get(i);
            FlowResult r = layer instanceof StochasticFlowLayer s ? s.forward(x, Rng.derive(seed, i))
                    : layer.forward(x, rows);
            x = r.value();
            logDet = logDet.add(r.logDet());
        }
        return new FlowResult(x, logDet);
    }

    /**
     * {@link #forward(NDArray, long)} for values only, without gradients: each layer runs on a copy of its input in a
     * manager of its own, closed once its output and log-determinant are copied out, so only one layer's temporaries
     * are alive at a time. The same numbers as {@code forward}; the results live in {@code z}'s manager. For
     * unconditional flows.
     */
    public FlowResult forwardValues(NDArray z, long seed) {
        if (contextSize > 0) {
            throw new IllegalStateException("forwardValues is for unconditional flows; this one reads a context");
        }
        NDManager outer = z.getManager();
        NDArray x = z;
        NDArray logDet = outer.zeros(new Shape(z.getShape().get(0)), z.getDataType());
        for (int i = 0; i < layers.size(); i++) {
            FlowLayer layer = layers.get(i);
            try (NDManager scratch = outer.newSubManager()) {
                NDArray in = x.stopGradient();
                in.attach(scratch);
                FlowResult r = layer instanceof StochasticFlowLayer s ? s.forward(in, Rng.derive(seed, i))
                        : layer.forward(in, null);
                NDArray value = r.value().duplicate();
                NDArray step = r.logDet().duplicate();
                value.attach(outer);
                step.attach(outer);
                x = value;
                logDet = logDet.add(step);
            }
        }
        return new FlowResult(x, logDet);
    }

    /** Pulls data points back through every layer: latent points and the summed log|det ∂z/∂x|. */
    public FlowResult inverse(NDArray x) {
        return inverse(x, null);
    }

    /** {@link #inverse(NDArray)} given a context ({@code (1, c)} or {@code (n, c)}; null if unconditional). */
    public FlowResult inverse(NDArray x, NDArray context) {
        if (x.hasGradient()) {
            for (FlowLayer layer : layers) {
                if (!layer.passesDataGradients()) {
                    throw new IllegalArgumentException("x requires gradients, which do not pass back through this "
                            + "flow's " + layer.getClass().getSimpleName() + " layer: differentiate log q(x) on a "
                            + "float64 copy of the model (FlowIO.widened)");
                }
            }
        }
        NDArray rows = contextRows(context, x);
        NDArray z = x;
        NDArray logDet = x.getManager().zeros(new Shape(x.getShape().get(0)), x.getDataType());
        for (int i = layers.size() - 1; i >= 0; i--) {
            FlowResult r = layers.get(i).inverse(z, rows);
            z = r.value();
            logDet = logDet.add(r.logDet());
        }
        return new FlowResult(z, logDet);
    }

    /** The context with one row per row of {@code batch}: a single row is repeated; null stays null. */
    private NDArray contextRows(NDArray context, NDArray batch) {
        if (context == null) {
            return null;
        }
        long n = batch.getShape().get(0);
        if (context.getShape().dimension() != 2 || context.getShape().get(1) != contextSize
                || (context.getShape().get(0) != 1 && context.getShape().get(0) != n)) {
            throw new IllegalArgumentException("the flow's context must be (1, " + contextSize + ") or (" + n + ", "
                    + contextSize + "), got " + context.getShape());
        }
        return context.getShape().get(0) == n ? context : context.broadcast(new Shape(n, contextSize));
    }

    @Override
    public NDArray logProb(NDArray x) {
        return logProb(x, null);
    }

    /** log q(x | context), context {@code (1, c)} or {@code (n, c)}. */
    public NDArray logProb(NDArray x, NDArray context) {
        FlowResult r = inverse(x, context);
        return base.logProb(r.value()).add(r.logDet());
    }

    @Override
    public Sample sample(NDManager manager, int n, long seed) {
        return push(latent(manager, n, seed), seed);
    }

    /** Draws {@code n} points of q(x | context) with their log-density; context {@code (1, c)} or {@code (n, c)}. */
    public Sample sample(NDManager manager, int n, NDArray context, long seed) {
        return push(latent(manager, n, seed), context, seed);
    }

    /** The base draw that {@link #sample} with the same {@code seed} starts from. */
    public Sample latent(NDManager manager, int n, long seed) {
        return base.sample(manager, n, Rng.derive(seed, 0));
    }

    /**
     * Pushes base points {@code z} (with their base log-density) through the layers, as {@link #sample} with the same
     * {@code seed} does: {@code sample(m, n, s) == push(latent(m, n, s), s)}. Without stochastic layers, pushing
     * subsets of a latent draw separately (e.g. rows one by one) gives the same rows.
     */
    public Sample push(Sample z, long seed) {
        return push(z, null, seed);
    }

    /** {@link #push(Sample, long)} given a context ({@code (1, c)} or {@code (n, c)}; null if unconditional). */
    public Sample push(Sample z, NDArray context, long seed) {
        FlowResult r = forward(z.x(), context, Rng.derive(seed, 1));
        return new Sample(r.value(), z.logProb().sub(r.logDet()));
    }

    /** Forward KL up to a constant: the mean negative log-likelihood of data {@code x}. */
    public NDArray forwardKld(NDArray x) {
        return forwardKld(x, null);
    }

    /** Forward KL of the conditional flow: the mean of -log q(x | context) over data {@code x} and their contexts. */
    public NDArray forwardKld(NDArray x, NDArray context) {
        return logProb(x, context).mean().neg();
    }

    /**
     * Forward KL to a target on the flow's own draws, up to the target's entropy: the negative log-likelihood of
     * {@code x} (flow draws) under q, weighted by their self-normalized importance weights {@code exp(logWeights)}
     * (log p - log q of each draw). Draws and weights are held constant, so the gradient is that of maximum
     * likelihood on the draws resampled by their weights; it needs the target's values only, not its gradient.
     */
    public NDArray weightedForwardKld(NDArray x, NDArray logWeights) {
        return weightedForwardKld(x, null, logWeights);
    }

    /** {@link #weightedForwardKld(NDArray, NDArray)} of q(x | context). */
    public NDArray weightedForwardKld(NDArray x, NDArray context, NDArray logWeights) {
        NDArray logW = logWeights.stopGradient();
        NDArray weights = logW.sub(NDMath.logSumExp(logW, 0)).exp();
        NDArray logQ = logProb(x.stopGradient(), context);
        return weights.mul(logQ.toType(weights.getDataType(), false)).sum().neg();
    }

    /**
     * {@link #weightedForwardKld(NDArray, NDArray)} on {@code n} flow draws from {@code seed}, weighted against
     * {@code target}.
     */
    public NDArray weightedForwardKld(NDManager manager, int n, Target target, long seed) {
        Sample s = sample(manager, n, seed);
        return weightedForwardKld(s.x(), target.logProb(s.x()).sub(s.logProb()));
    }

    /**
     * Reverse KL up to log Z: {@code mean(log q(x) - beta * log p(x))} over {@code n} flow samples drawn with
     * {@code seed} in {@code manager}, differentiable through the reparameterized samples.
     */
    public NDArray reverseKld(NDManager manager, int n, Target target, double beta, long seed) {
        return reverseKld(manager, n, null, target, beta, seed);
    }

    /**
     * {@link #reverseKld(NDManager, int, Target, double, long)} of q(x | context) against the target of that context.
     */
    public NDArray reverseKld(NDManager manager, int n, NDArray context, Target target, double beta, long seed) {
        Sample s = sample(manager, n, context, seed);
        return s.logProb().sub(NDMath.scale(target.logProb(s.x()), beta)).mean();
    }

    /**
     * Reverse alpha-divergence (normflows' {@code reverse_alpha_div}): {@code sign(alpha-1) * logmeanexp(alpha *
     * (log p(x) - log q(x)))} over {@code n} flow samples; alpha=1 is not allowed (use {@link #reverseKld}).
     */
    public NDArray reverseAlphaDiv(NDManager manager, int n, Target target, double alpha, long seed) {
        return reverseAlphaDiv(manager, n, null, target, alpha, seed);
    }

    /**
     * {@link #reverseAlphaDiv(NDManager, int, Target, double, long)} of q(x | context) against that context's target.
     */
    public NDArray reverseAlphaDiv(NDManager manager, int n, NDArray context, Target target, double alpha, long seed) {
        if (alpha == 1.0) {
            throw new IllegalArgumentException("alpha = 1 is reverse KL: use reverseKld");
        }
        Sample s = sample(manager, n, context, seed);
        return alphaDivergence(target.logProb(s.x()), s.logProb(), alpha);
    }

    /**
     * The sampled reverse alpha-divergence of {@link #reverseAlphaDiv} from the target's and the flow's log densities
     * {@code logP} and {@code logQ} of the same flow samples: {@code sign(alpha-1) * logmeanexp(alpha * (logP - logQ))}.
     */
    public static NDArray alphaDivergence(NDArray logP, NDArray logQ, double alpha) {
        NDArray logMeanExp = NDMath.logMeanExp(NDMath.scale(logP.sub(logQ), alpha), 0);
        return NDMath.scale(logMeanExp, Math.signum(alpha - 1.0));
    }

    /**
     * A sampled estimate of KL(q‖p) = E_q[log q - log p] over {@code n} flow samples (drawn in chunks from
     * {@code seed}, without gradients); exact up to Monte Carlo error when {@code target} is normalized, else off
     * by its log-normalizer.
     */
    public double reverseKlEstimate(Target target, int n, long seed) {
        int chunk = 10_000;
        double sum = 0;
        for (int start = 0, c = 0; start < n; start += chunk, c++) {
            try (NDManager scratch = NDManager.newBaseManager()) {
                Sample s = sample(scratch, Math.min(chunk, n - start), Rng.derive(seed, c));
                sum += s.logProb().sub(target.logProb(s.x())).sum().toType(DataType.FLOAT64, false)
                        .getDouble();
            }
        }
        return sum / n;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(base.parameters());
        for (FlowLayer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "NormalizingFlow");
        json.add("base", base.toJson());
        JsonArray array = new JsonArray();
        layers.forEach(l -> array.add(l.toJson()));
        json.add("layers", array);
        return json;
    }
}
