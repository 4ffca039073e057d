package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.io.ComponentRegistry;

/**
 * Applies a layer to the first {@code k} of {@code dim} coordinates and passes the others unchanged, with the
 * layer's log-det. Multiscale flows use it: the coordinates a level factors out stay at the end, and the later
 * levels act on the leading ones.
 */
public final class LeadingCoordinates implements FlowLayer {
    private final FlowLayer layer;
    private final int leading;
    private final int dim;

    /** {@code layer} on the first {@code leading} of {@code dim} coordinates. */
    public LeadingCoordinates(FlowLayer layer, int leading, int dim) {
        if (leading < 1 || leading > dim) {
            throw new IllegalArgumentException("leading coordinates " + leading + " must be in 1.." + dim);
        }
        this.layer = layer;
        this.leading = leading;
        this.dim = dim;
    }

    /** {@code layer} itself when it covers every coordinate, else the layer on the leading ones. */
    public static FlowLayer of(FlowLayer layer, int leading, int dim) {
        return leading == dim ? layer : new LeadingCoordinates(layer, leading, dim);
    }

    private FlowResult apply(NDArray input, boolean forward) {
        NDArray head = input.get(":, :" + leading);
        FlowResult r = forward ? layer.forward(head) : layer.inverse(head);
        return new FlowResult(r.value().concat(input.get(":, " + leading + ":"), 1), r.logDet());
    }

    @Override
    public FlowResult forward(NDArray z) {
        return apply(z, true);
    }

    @Override
    public FlowResult inverse(NDArray x) {
        return apply(x, false);
    }

    @Override
    public List<Parameter> parameters() {
        return layer.parameters();
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("LeadingCoordinates", dim);
        json.addProperty("leading", leading);
        json.add("layer", layer.toJson());
        return json;
    }

    static LeadingCoordinates fromJson(JsonObject json, NDManager manager) {
        FlowLayer inner = ComponentRegistry.load().create(ArchitectureJson.object(json, "layer"), manager,
                FlowLayer.class);
        return new LeadingCoordinates(inner, ArchitectureJson.integer(json, "leading"),
                ArchitectureJson.integer(json, "dim"));
    }
}
