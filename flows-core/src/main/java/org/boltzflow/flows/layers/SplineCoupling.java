package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.ConditionalFlowLayer;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.nn.Mlp;
import org.boltzflow.flows.splines.RationalQuadraticSpline;
import org.boltzflow.flows.splines.SplineSettings;

/**
 * A coupling neural spline flow layer (Durkan et al. 2019): the coordinates where the mask is {@code true} pass
 * unchanged and condition, through an {@link Mlp}, rational-quadratic splines on the others. Every coordinate has
 * its own {@link Domain}, so one layer mixes bounded, unbounded and circular coordinates; circular conditioning
 * inputs reach the network as (cos, sin). The network's last layer starts at zero, so a fresh layer is the identity.
 * Masks follow {@link AffineCoupling} ({@code AffineCoupling.alternatingMask}). With a context size {@code c > 0}
 * the network also reads a context vector {@code (n, c)}.
 */
public final class SplineCoupling implements ConditionalFlowLayer {
    private final List<Domain> domains;
    private final boolean[] conditioning;
    private final SplineSettings settings;
    private final int[] hidden;
    private final Activation activation;
    private final int contextSize;
    private final int[] kept;
    private final int[] moved;
    private final int[] merge;
    private final AngleFeatures features;
    private final RationalQuadraticSpline spline;
    private final Mlp conditioner;

    /**
     * A coupling layer on coordinates with {@code domains}; {@code conditioning[i]} marks the coordinates that pass
     * unchanged (at least one, and at least one not). The conditioner has {@code hidden} layers, weights drawn
     * from {@code seed}, arrays of {@code dtype} in {@code manager}.
     */
    public SplineCoupling(NDManager manager, List<Domain> domains, boolean[] conditioning, SplineSettings settings,
            int[] hidden, Activation activation, DataType dtype, long seed) {
        this(manager, domains, conditioning, 0, settings, hidden, activation, dtype, seed);
    }

    /** As the unconditional constructor, with a conditioner that also reads a context of {@code contextSize}. */
    public SplineCoupling(NDManager manager, List<Domain> domains, boolean[] conditioning, int contextSize,
            SplineSettings settings, int[] hidden, Activation activation, DataType dtype, long seed) {
        if (conditioning.length != domains.size()) {
            throw new IllegalArgumentException("mask has " + conditioning.length + " entries for " + domains.size()
                    + " coordinates");
        }
        this.domains = List.copyOf(domains);
        this.conditioning = conditioning.clone();
        this.settings = settings;
        this.hidden = hidden.clone();
        this.activation = activation;
        this.contextSize = LayerSupport.checkContextSize(contextSize);
        List<Integer> k = new ArrayList<>();
        List<Integer> m = new ArrayList<>();
        for (int i = 0; i < conditioning.length; i++) {
            (conditioning[i] ? k : m).add(i);
        }
        if (k.isEmpty() || m.isEmpty()) {
            throw new IllegalArgumentException("a coupling mask needs both conditioning and transformed coordinates");
        }
        kept = k.stream().mapToInt(Integer::intValue).toArray();
        moved = m.stream().mapToInt(Integer::intValue).toArray();
        int[] order = new int[domains.size()];
        System.arraycopy(kept, 0, order, 0, kept.length);
        System.arraycopy(moved, 0, order, kept.length, moved.length);
        merge = Columns.inverse(order);
        features = new AngleFeatures(k.stream().map(domains::get).toList());
        spline = new RationalQuadraticSpline(m.stream().map(domains::get).toList(), settings);
        conditioner = new Mlp(manager, Mlp.sizes(features.size() + contextSize, hidden,
                moved.length * settings.parametersPerDimension()), activation, true, dtype, seed);
    }

    @Override
    public FlowResult forward(NDArray z, NDArray context) {
        return couple(z, context, false);
    }

    @Override
    public FlowResult inverse(NDArray x, NDArray context) {
        return couple(x, context, true);
    }

    @Override
    public int contextSize() {
        return contextSize;
    }

    private FlowResult couple(NDArray input, NDArray context, boolean inverse) {
        long n = input.getShape().get(0);
        NDArray fixed = Columns.select(input, kept);
        NDArray params = conditioner.apply(LayerSupport.withContext(features.apply(fixed), context, contextSize,
                "SplineCoupling")).reshape(n, moved.length, settings.parametersPerDimension());
        NDArray moving = Columns.select(input, moved);
        FlowResult r = inverse ? spline.inverse(moving, params) : spline.forward(moving, params);
        return new FlowResult(Columns.select(fixed.concat(r.value(), 1), merge), r.logDet());
    }

    @Override
    public List<Parameter> parameters() {
        return conditioner.parameters();
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("SplineCoupling");
        json.add("domains", ArchitectureJson.domains(domains));
        json.add("conditioning", ArchitectureJson.booleans(conditioning));
        json.add("spline", settings.toJson());
        json.add("hidden", ArchitectureJson.ints(hidden));
        json.addProperty("activation", activation.name());
        json.addProperty("dtype", conditioner.parameters().get(0).getArray().getDataType().name());
        LayerSupport.addContextSize(json, contextSize);
        return json;
    }

    static SplineCoupling fromJson(JsonObject json, NDManager manager) {
        return new SplineCoupling(manager, ArchitectureJson.domains(json, "domains"),
                ArchitectureJson.booleans(json, "conditioning"), LayerSupport.contextSize(json),
                SplineSettings.fromJson(ArchitectureJson.object(json, "spline")), ArchitectureJson.integers(json,
                        "hidden"),
                ArchitectureJson.enumValue(json, "activation", Activation.class), ArchitectureJson.dtype(json), 0L);
    }
}
