package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.ConditionalFlowLayer;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.RationalQuadraticSpline;
import org.boltzflow.flows.splines.SplineSettings;

/**
 * An autoregressive neural spline flow layer (Durkan et al. 2019): coordinate {@code i} goes through a
 * rational-quadratic spline whose parameters a {@link Made} computes from coordinates {@code 0..i-1}. Every
 * coordinate has its own {@link Domain}; circular ones reach the MADE as (cos, sin), both with their coordinate's
 * degree (the MADE runs over these features, and each coordinate reads the outputs of its first feature). As in
 * normflows, density evaluation ({@link #inverse}) takes one pass and sampling ({@link #forward}) takes one pass per
 * coordinate. The MADE's output layer starts at zero, so a fresh layer is the identity. With a context size
 * {@code c > 0} the MADE also reads a context vector {@code (n, c)}.
 */
public final class AutoregressiveSpline implements ConditionalFlowLayer {
    private final List<Domain> domains;
    private final SplineSettings settings;
    private final int[] hidden;
    private final Activation activation;
    private final AngleFeatures features;
    private final int[] outputColumns;
    private final RationalQuadraticSpline spline;
    private final Made made;

    /**
     * A layer on coordinates with {@code domains}; the MADE has {@code hidden} layers and weights from {@code seed}.
     */
    public AutoregressiveSpline(NDManager manager, List<Domain> domains, SplineSettings settings, int[] hidden,
            Activation activation, DataType dtype, long seed) {
        this(manager, domains, 0, settings, hidden, activation, dtype, seed);
    }

    /** As the unconditional constructor, with a MADE that also reads a context of {@code contextSize}. */
    public AutoregressiveSpline(NDManager manager, List<Domain> domains, int contextSize, SplineSettings settings,
            int[] hidden, Activation activation, DataType dtype, long seed) {
        this.domains = List.copyOf(domains);
        this.settings = settings;
        this.hidden = hidden.clone();
        this.activation = activation;
        features = new AngleFeatures(domains);
        spline = new RationalQuadraticSpline(domains, settings);
        int p = settings.parametersPerDimension();
        int[] firsts = features.firstFeatures();
        outputColumns = new int[domains.size() * p];
        for (int i = 0; i < domains.size(); i++) {
            for (int j = 0; j < p; j++) {
                outputColumns[i * p + j] = firsts[i] * p + j;
            }
        }
        int[] ordering = new int[features.size()];
        for (int i = 0; i < ordering.length; i++) {
            ordering[i] = i;
        }
        made = new Made(manager, features.size(), contextSize, hidden, p, ordering, activation, true, dtype, seed);
    }

    /** Spline parameters {@code (n, dim, 3K + 1)} for every coordinate, each from the coordinates before it. */
    private NDArray parameters(NDArray x, NDArray context) {
        long n = x.getShape().get(0);
        int p = settings.parametersPerDimension();
        NDArray all = made.apply(features.apply(x), context).reshape(n, (long) features.size() * p);
        return Columns.select(all, outputColumns).reshape(n, domains.size(), p);
    }

    /** Sampling direction: one pass per coordinate, each fixing the next coordinate of the output. */
    @Override
    public FlowResult forward(NDArray z, NDArray context) {
        NDArray x = z;
        FlowResult r = null;
        for (int i = 0; i < domains.size(); i++) {
            r = spline.forward(z, parameters(x, context));
            x = r.value();
        }
        return r;
    }

    /** Density direction: one pass. */
    @Override
    public FlowResult inverse(NDArray x, NDArray context) {
        return spline.inverse(x, parameters(x, context));
    }

    @Override
    public int contextSize() {
        return made.contextSize();
    }

    @Override
    public List<Parameter> parameters() {
        return made.parameters();
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("AutoregressiveSpline");
        json.add("domains", ArchitectureJson.domains(domains));
        json.add("spline", settings.toJson());
        json.add("hidden", ArchitectureJson.ints(hidden));
        json.addProperty("activation", activation.name());
        json.addProperty("dtype", made.parameters().get(0).getArray().getDataType().name());
        LayerSupport.addContextSize(json, made.contextSize());
        return json;
    }

    static AutoregressiveSpline fromJson(JsonObject json, NDManager manager) {
        return new AutoregressiveSpline(manager, ArchitectureJson.domains(json, "domains"),
                LayerSupport.contextSize(json), SplineSettings.fromJson(ArchitectureJson.object(json, "spline")),
                ArchitectureJson.integers(json, "hidden"), ArchitectureJson.enumValue(json, "activation",
                        Activation.class),
                ArchitectureJson.dtype(json), 0L);
    }
}
