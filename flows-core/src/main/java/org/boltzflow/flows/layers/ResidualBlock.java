package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.nn.Mlp;
import org.boltzflow.flows.nn.SpectralNorm;

/**
 * An invertible residual block (i-ResNet, Behrmann et al. 2019; residual flows, Chen et al. 2019):
 * {@code z = x + g(x)} in the density direction ({@link #inverse}), where {@code g} is a tanh MLP whose weights are
 * spectrally normalized to norm at most the coefficient {@code c < 1}, so {@code g} is a contraction and the map is
 * invertible. As in normflows, the density direction is the explicit one; {@link #forward} (sampling) solves
 * {@code x + g(x) = z} by the fixed-point iteration {@code x ← z - g(x)} until the residual's largest entry is at
 * most {@link Settings#tolerance()}, then takes one Newton step inside the autograd graph, which gives the exact
 * gradient of implicit differentiation and makes the result exact to about the square of the tolerance.
 *
 * <p>log|det(I + J_g)| has two estimators: {@link LogDet#EXACT} builds the full Jacobian {@code (n, d, d)} and takes
 * its determinant by an LU factorization (no pivoting is needed: every leading minor of {@code I + J} is positive
 * when {@code |J| < 1}), for small dimensions; {@link LogDet#ROULETTE} is the unbiased power-series estimator of
 * Chen et al. 2019, {@code Σ_{k≤N} (-1)^{k+1}/k · vᵀJᵏv / P(N ≥ k)} with a Hutchinson vector {@code v ~ N(0, I)}
 * and {@code N = exactTerms + Geometric(p)} per sample, for training. Differentiating that series keeps every power
 * of {@code J} in the autograd graph; {@link LogDet#NEUMANN} (Chen et al. 2019, section 3.2) has the same value and
 * an unbiased gradient {@code Σ_{k<N} (-1)^k/P(N > k) · vᵀ dJ Jᵏv} from the powers {@code Jᵏv} taken without
 * autograd and one Jacobian-vector product in the graph. The draws are seeded by the layer's seed and a count of its
 * calls, so a run is reproducible from the layer's construction on.
 *
 * <p>In training mode (the default) every call first runs {@link Settings#powerIterations()} power iterations on
 * each weight (no gradient); in evaluation mode the saved vectors stay fixed, so the map is deterministic.
 */
public final class ResidualBlock implements FlowLayer {
    private static final int MAX_ITERATIONS = 10_000;
    private static final int INITIAL_POWER_ITERATIONS = 50;

    /** How the log-determinant is computed. */
    public enum LogDet {
        /** From the full Jacobian: exact, costs {@code O(n d³)}. */
        EXACT,
        /** The unbiased Russian-roulette power series with a Hutchinson trace estimate. */
        ROULETTE,
        /**
         * The value of {@link #ROULETTE} with the memory-saving gradient: the Neumann series of
         * {@code tr((I + J)⁻¹ dJ)}, whose powers of {@code J} are taken without autograd, so the graph holds one
         * Jacobian-vector product instead of one per term.
         */
        NEUMANN
    }

    /**
     * Settings: hidden widths of {@code g}, the Lipschitz coefficient {@code c} in (0, 1), power iterations per
     * training call, the fixed-point tolerance (largest residual entry), the log-det estimator, the roulette's
     * geometric parameter {@code p} and its number of always-taken terms.
     */
    public record Settings(int[] hidden, double lipschitz, int powerIterations, double tolerance, LogDet logDet,
            double rouletteP, int exactTerms) {
        /** Checks the ranges. */
        public Settings {
            hidden = hidden.clone();
            if (!(lipschitz > 0 && lipschitz < 1)) {
                throw new IllegalArgumentException("the Lipschitz coefficient must be in (0, 1), got " + lipschitz);
            }
            if (powerIterations < 0 || !(tolerance > 0) || !(rouletteP > 0 && rouletteP < 1) || exactTerms < 1) {
                throw new IllegalArgumentException("residual block needs powerIterations >= 0, tolerance > 0, "
                        + "0 < rouletteP < 1 and exactTerms >= 1");
            }
        }

        /**
         * Coefficient 0.9, one power iteration per call, tolerance 1e-9, exact log-det, roulette p = 0.5 after 2
         * terms.
         */
        public static Settings of(int... hidden) {
            return new Settings(hidden, 0.9, 1, 1e-9, LogDet.EXACT, 0.5, 2);
        }

        /** These settings with another log-det estimator. */
        public Settings withLogDet(LogDet estimator) {
            return new Settings(hidden, lipschitz, powerIterations, tolerance, estimator, rouletteP, exactTerms);
        }

        /** These settings with another Lipschitz coefficient. */
        public Settings withLipschitz(double coefficient) {
            return new Settings(hidden, coefficient, powerIterations, tolerance, logDet, rouletteP, exactTerms);
        }

        /** These settings with another fixed-point tolerance. */
        public Settings withTolerance(double tol) {
            return new Settings(hidden, lipschitz, powerIterations, tol, logDet, rouletteP, exactTerms);
        }
    }

    private final int dim;
    private final DataType dtype;
    private final Settings settings;
    private final long seed;
    private final Mlp network;
    private final List<SpectralNorm> norms = new ArrayList<>();
    private boolean training = true;
    private long calls;

    /** A block on {@code dim} coordinates; weights drawn from {@code seed} (uniform in ±1/sqrt(fan_in)). */
    public ResidualBlock(NDManager manager, int dim, Settings settings, DataType dtype, long seed) {
        this.dim = dim;
        this.dtype = dtype;
        this.settings = settings;
        this.seed = seed;
        this.network = new Mlp(manager, Mlp.sizes(dim, settings.hidden(), dim), Activation.TANH, false, dtype, seed);
        List<Parameter> parameters = network.parameters();
        for (int i = 0; i < parameters.size(); i += 2) {
            norms.add(new SpectralNorm(manager, parameters.get(i), "u" + i / 2, INITIAL_POWER_ITERATIONS,
                    Rng.derive(seed, 1000 + i)));
        }
    }

    /** Training mode: every call refines the spectral-norm estimates first. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** Runs {@code iterations} power iterations on every weight, e.g. after changing the weights by hand. */
    public void updateSpectralNorms(int iterations) {
        norms.forEach(norm -> norm.iterate(iterations));
    }

    public boolean isTraining() {
        return training;
    }

    public Settings settings() {
        return settings;
    }

    /** The network's output and what its Jacobian needs: normalized weights and the activation slopes. */
    private record Pass(NDArray out, List<NDArray> weights, List<NDArray> slopes) {}

    private List<NDArray> normalizedWeights(NDArray like) {
        List<NDArray> weights = new ArrayList<>();
        for (SpectralNorm norm : norms) {
            if (training) {
                norm.iterate(settings.powerIterations());
            }
            weights.add(norm.normalized(like, settings.lipschitz()));
        }
        return weights;
    }

    private Pass pass(NDArray x, List<NDArray> weights) {
        List<Parameter> parameters = network.parameters();
        List<NDArray> slopes = new ArrayList<>();
        NDArray h = x;
        for (int i = 0; i < weights.size(); i++) {
            NDArray a = h.matMul(weights.get(i)).add(parameters.get(2 * i + 1).getArray());
            if (i + 1 < weights.size()) {
                h = a.tanh();
                slopes.add(h.square().neg().add(1.0));
            } else {
                h = a;
            }
        }
        return new Pass(h, weights, slopes);
    }

    /** {@code J_gᵀ} per sample, {@code (n, d, d)}: W₁·diag(σ'₁)·W₂·…·W_L. */
    private static NDArray jacobianTransposed(Pass p) {
        NDArray m = p.weights().get(0);
        for (int i = 0; i < p.slopes().size(); i++) {
            m = m.mul(p.slopes().get(i).expandDims(1)).matMul(p.weights().get(i + 1));
        }
        return m;
    }

    /** {@code J_g v} per row of {@code v (n, d)}. */
    private static NDArray jacobianTimes(Pass p, NDArray v) {
        NDArray w = v;
        for (int i = 0; i < p.weights().size(); i++) {
            w = w.matMul(p.weights().get(i));
            if (i < p.slopes().size()) {
                w = w.mul(p.slopes().get(i));
            }
        }
        return w;
    }

    /** log det of each matrix of {@code a (n, d, d)} whose leading minors are all positive, by LU without pivoting. */
    static NDArray logDetPositiveMinors(NDArray a) {
        long n = a.getShape().get(0);
        NDArray rest = a;
        NDArray sum = null;
        for (long k = rest.getShape().get(1); k > 0; k--) {
            NDArray pivot = rest.get(":, 0, 0");
            sum = sum == null ? pivot.log() : sum.add(pivot.log());
            if (k > 1) {
                NDArray column = rest.get(":, 1:, 0:1").div(pivot.reshape(n, 1, 1));
                rest = rest.get(":, 1:, 1:").sub(column.mul(rest.get(":, 0:1, 1:")));
            }
        }
        return sum;
    }

    private NDArray identity(NDArray like) {
        return like.getManager().eye(dim).toType(like.getDataType(), false);
    }

    /** One call's Hutchinson vectors {@code v (n, d)} and roulette lengths {@code N} per row (the largest too). */
    private record Draw(NDArray v, int[] terms, int most) {}

    private Draw draw(NDArray x) {
        long callSeed = Rng.derive(seed, calls++);
        int n = Math.toIntExact(x.getShape().get(0));
        NDArray v = Rng.normal(x.getManager(), x.getShape(), x.getDataType(), Rng.derive(callSeed, 0));
        SplittableRandom random = new SplittableRandom(Rng.derive(callSeed, 1));
        int[] terms = new int[n];
        int most = 0;
        for (int i = 0; i < n; i++) {
            terms[i] = settings.exactTerms() + (int) Math.floor(Math.log(1.0 - random.nextDouble()) / logKeep());
            most = Math.max(most, terms[i]);
        }
        return new Draw(v, terms, most);
    }

    private double logKeep() {
        return Math.log1p(-settings.rouletteP());
    }

    /**
     * Per row, {@code ±1/(divisor · P(N ≥ k))} if {@code k ≤ N}, else 0; the sign is minus if {@code negative}.
     */
    private NDArray coefficients(Draw d, int k, boolean negative, int divisor, NDArray like) {
        double survival = Math.exp(Math.max(0, k - settings.exactTerms()) * logKeep());
        double[] values = new double[d.terms().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = k <= d.terms()[i] ? (negative ? -1.0 : 1.0) / (divisor * survival) : 0.0;
        }
        return like.getManager().create(values).toType(like.getDataType(), false);
    }

    private NDArray logDet(Pass p, NDArray x) {
        if (settings.logDet() == LogDet.EXACT) {
            return logDetPositiveMinors(jacobianTransposed(p).add(identity(x)));
        }
        Draw d = draw(x);
        if (settings.logDet() == LogDet.ROULETTE) {
            return series(p, d, x);
        }
        Pass fixed = new Pass(null, p.weights().stream().map(NDArray::stopGradient).toList(),
                p.slopes().stream().map(NDArray::stopGradient).toList());
        NDArray surrogate = jacobianTimes(p, neumann(fixed, d, x)).mul(d.v()).sum(new int[] {1});
        return series(fixed, d, x).add(surrogate.sub(surrogate.stopGradient()));
    }

    /** The roulette estimate {@code Σ_{k≤N} (-1)^{k+1}/k · vᵀJᵏv / P(N ≥ k)}, per row. */
    private NDArray series(Pass p, Draw d, NDArray x) {
        NDArray sum = LayerSupport.zeroLogDet(x);
        NDArray w = d.v();
        for (int k = 1; k <= d.most(); k++) {
            w = jacobianTimes(p, w);
            sum = sum.add(w.mul(d.v()).sum(new int[] {1}).mul(coefficients(d, k, k % 2 == 0, k, x)));
        }
        return sum;
    }

    /**
     * {@code Σ_{k<N} (-1)^k Jᵏv / P(N > k)}, per row, from a pass without autograd: with {@code v} it makes
     * {@code vᵀ dJ (I + J)⁻¹ v} in expectation, the trace estimate of d log det(I + J).
     */
    private NDArray neumann(Pass fixed, Draw d, NDArray x) {
        NDArray sum = d.v().mul(coefficients(d, 1, false, 1, x).expandDims(1));
        NDArray w = d.v();
        for (int k = 1; k < d.most(); k++) {
            w = jacobianTimes(fixed, w);
            sum = sum.add(w.mul(coefficients(d, k + 1, k % 2 == 1, 1, x).expandDims(1)));
        }
        return sum;
    }

    /** Density direction, explicit: {@code z = x + g(x)}, log|det ∂z/∂x| = log det(I + J_g(x)). */
    @Override
    public FlowResult inverse(NDArray x) {
        Pass p = pass(x, normalizedWeights(x));
        return new FlowResult(x.add(p.out()), logDet(p, x));
    }

    /**
     * Sampling direction: {@code x} with {@code x + g(x) = z}, by fixed-point iteration to the tolerance and one
     * Newton step in the graph; log|det ∂x/∂z| = -log det(I + J_g(x)).
     */
    @Override
    public FlowResult forward(NDArray z) {
        List<NDArray> weights = normalizedWeights(z);
        NDArray fixed = solve(z, weights);
        Pass atFixed = pass(fixed, weights);
        NDArray residual = fixed.add(atFixed.out()).sub(z);
        NDArray a = jacobianTransposed(atFixed).add(identity(z));
        NDArray x = fixed.sub(residual.expandDims(1).matMul(a.inverse()).squeeze(1));
        Pass p = pass(x, weights);
        return new FlowResult(x, logDet(p, x).neg());
    }

    /**
     * The fixed point of {@code x ← z - g(x)}, without gradient, to the tolerance; iterates live in a child manager.
     */
    private NDArray solve(NDArray z, List<NDArray> weights) {
        List<Parameter> parameters = network.parameters();
        try (NDManager scratch = z.getManager().newSubManager()) {
            List<NDArray> w = new ArrayList<>();
            List<NDArray> b = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                w.add(scratch.create(weights.get(i).stopGradient().toByteBuffer(), weights.get(i).getShape(), dtype));
                NDArray bias = parameters.get(2 * i + 1).getArray();
                b.add(scratch.create(bias.toByteBuffer(), bias.getShape(), dtype));
            }
            NDArray target = scratch.create(z.toByteBuffer(), z.getShape(), z.getDataType());
            NDArray x = target;
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                NDArray h = x;
                for (int i = 0; i < w.size(); i++) {
                    h = h.matMul(w.get(i)).add(b.get(i));
                    if (i + 1 < w.size()) {
                        h = h.tanh();
                    }
                }
                NDArray next = target.sub(h);
                double change = next.sub(x).abs().max().toType(DataType.FLOAT64, false).getDouble();
                x = next;
                if (change <= settings.tolerance()) {
                    x.attach(z.getManager());
                    return x;
                }
            }
        }
        throw new ArithmeticException("residual block inverse did not reach tolerance " + settings.tolerance()
                + " in " + MAX_ITERATIONS + " iterations");
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(network.parameters());
        norms.forEach(norm -> all.add(norm.vector()));
        return all;
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("ResidualBlock", dim, dtype);
        json.add("hidden", ArchitectureJson.ints(settings.hidden()));
        json.addProperty("lipschitz", settings.lipschitz());
        json.addProperty("powerIterations", settings.powerIterations());
        json.addProperty("tolerance", settings.tolerance());
        json.addProperty("logDet", settings.logDet().name());
        json.addProperty("rouletteP", settings.rouletteP());
        json.addProperty("exactTerms", settings.exactTerms());
        json.addProperty("training", training);
        return json;
    }

    static ResidualBlock fromJson(JsonObject json, NDManager manager) {
        Settings settings = new Settings(ArchitectureJson.integers(json, "hidden"),
                ArchitectureJson.number(json, "lipschitz"), ArchitectureJson.integer(json, "powerIterations"),
                ArchitectureJson.number(json, "tolerance"), ArchitectureJson.enumValue(json, "logDet", LogDet.class),
                ArchitectureJson.number(json, "rouletteP"), ArchitectureJson.integer(json, "exactTerms"));
        ResidualBlock block = new ResidualBlock(manager, ArchitectureJson.integer(json, "dim"), settings,
                ArchitectureJson.dtype(json), 0L);
        block.setTraining(ArchitectureJson.bool(json, "training"));
        return block;
    }
}
