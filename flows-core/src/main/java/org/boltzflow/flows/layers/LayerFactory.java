package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.function.BiFunction;
import org.boltzflow.flows.io.ComponentFactory;

/** Rebuilds the layers of this package from the JSON their {@code toJson()} wrote. */
public final class LayerFactory implements ComponentFactory {
    private static final Map<String, BiFunction<JsonObject, NDManager, Object>> BUILDERS = Map.ofEntries(
            Map.entry("AffineCoupling", AffineCoupling::fromJson),
            Map.entry("MaskedAffineAutoregressive", MaskedAffineAutoregressive::fromJson),
            Map.entry("ActNorm", ActNorm::fromJson),
            Map.entry("ShiftScale", ShiftScale::fromJson),
            Map.entry("LuLinear", LuLinear::fromJson),
            Map.entry("Permutation", Permutation::fromJson),
            Map.entry("BatchNormFlow", BatchNormFlow::fromJson),
            Map.entry("Planar", Planar::fromJson),
            Map.entry("Radial", Radial::fromJson),
            Map.entry("SplineCoupling", SplineCoupling::fromJson),
            Map.entry("AutoregressiveSpline", AutoregressiveSpline::fromJson),
            Map.entry("CircularShift", CircularShift::fromJson),
            Map.entry("ResidualBlock", ResidualBlock::fromJson),
            Map.entry("Squeeze", Squeeze::fromJson),
            Map.entry("ConvAffineCoupling", ConvAffineCoupling::fromJson),
            Map.entry("LeadingCoordinates", LeadingCoordinates::fromJson),
            Map.entry("TypeCast", TypeCast::fromJson));

    @Override
    public Map<String, BiFunction<JsonObject, NDManager, Object>> builders() {
        return BUILDERS;
    }
}
