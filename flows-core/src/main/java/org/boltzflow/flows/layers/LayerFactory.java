package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.boltzflow.flows.io.ComponentFactory;
import org.boltzflow.flows.io.ComponentRegistry;

/** Rebuilds the layers of this package from the JSON their {@code toJson()} wrote. */
public final class LayerFactory implements ComponentFactory {
    private static final Map<String, BiFunction<JsonObject, NDManager, Object>> BUILDERS = Map.of(
            "AffineCoupling", AffineCoupling::fromJson,
            "MaskedAffineAutoregressive", MaskedAffineAutoregressive::fromJson,
            "ActNorm", ActNorm::fromJson,
            "ShiftScale", ShiftScale::fromJson,
            "LuLinear", LuLinear::fromJson,
            "Permutation", Permutation::fromJson,
            "BatchNormFlow", BatchNormFlow::fromJson,
            "Planar", Planar::fromJson,
            "Radial", Radial::fromJson);

    @Override
    public Set<String> types() {
        return BUILDERS.keySet();
    }

    @Override
    public Object create(JsonObject json, NDManager manager, ComponentRegistry registry) {
        String type = Json.required(json, "type").getAsString();
        BiFunction<JsonObject, NDManager, Object> builder = BUILDERS.get(type);
        if (builder == null) {
            throw new IllegalArgumentException("LayerFactory does not build '" + type + "'");
        }
        return builder.apply(json, manager);
    }
}
