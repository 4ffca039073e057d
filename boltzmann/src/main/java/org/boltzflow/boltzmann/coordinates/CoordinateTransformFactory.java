package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.function.BiFunction;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.io.ComponentFactory;

/**
 * Rebuilds {@link InternalCoordinateTransform} and {@link MixedCoordinateTransform} from their {@code toJson()}, and
 * holds the description both write: {@code type}, {@code atomCount}, {@code zmatrix}, {@code domainBound},
 * {@code narrowDihedrals}.
 */
public final class CoordinateTransformFactory implements ComponentFactory {
    private static final Map<String, BiFunction<JsonObject, NDManager, Object>> BUILDERS = Map.of(
            "InternalCoordinateTransform", InternalCoordinateTransform::fromJson,
            "MixedCoordinateTransform", MixedCoordinateTransform::fromJson);

    @Override
    public Map<String, BiFunction<JsonObject, NDManager, Object>> builders() {
        return BUILDERS;
    }

    /** The description both layers write, narrow dihedrals included. */
    static JsonObject describe(String type, ZMatrix zmatrix, double domainBound, int[] narrowDihedrals) {
        JsonObject json = ArchitectureJson.header(type);
        json.addProperty("atomCount", zmatrix.atomCount());
        json.add("zmatrix", zmatrix.toJson());
        json.addProperty("domainBound", domainBound);
        json.add("narrowDihedrals", ArchitectureJson.ints(narrowDihedrals));
        return json;
    }

    /** The Z-matrix of a description, checked against its {@code atomCount}. */
    static ZMatrix zmatrix(JsonObject json) {
        ZMatrix zmatrix = ZMatrix.fromJson(ArchitectureJson.object(json, "zmatrix"));
        int atomCount = ArchitectureJson.integer(json, "atomCount");
        if (atomCount != zmatrix.atomCount()) {
            throw new IllegalArgumentException(ArchitectureJson.string(json, "type") + ": atomCount " + atomCount
                    + " disagrees with the Z-matrix's " + zmatrix.atomCount());
        }
        return zmatrix;
    }

    /** The standardized (narrow) dihedrals of a description, none if it lists none. */
    static int[] narrowDihedrals(JsonObject json) {
        return json.has("narrowDihedrals") ? ArchitectureJson.integers(json, "narrowDihedrals") : new int[0];
    }
}
