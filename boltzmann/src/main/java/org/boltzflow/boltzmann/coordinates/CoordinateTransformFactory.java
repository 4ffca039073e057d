package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.IntStream;
import org.boltzflow.flows.io.ComponentFactory;
import org.boltzflow.flows.io.ComponentRegistry;

/** Rebuilds {@link InternalCoordinateTransform} and {@link MixedCoordinateTransform} from their {@code toJson()}. */
public final class CoordinateTransformFactory implements ComponentFactory {
    @Override
    public Set<String> types() {
        return Set.of("InternalCoordinateTransform", "MixedCoordinateTransform");
    }

    /** The description both layers write: {@code type}, {@code atomCount}, {@code zmatrix}, {@code domainBound}. */
    static JsonObject describe(String type, ZMatrix zmatrix, double domainBound) {
        JsonObject json = new JsonObject();
        json.addProperty("type", type);
        json.addProperty("atomCount", zmatrix.atomCount());
        json.add("zmatrix", zmatrix.toJson());
        json.addProperty("domainBound", domainBound);
        return json;
    }

    /** Adds the indices of the standardized (narrow) dihedrals to a layer's description. */
    static void addNarrowDihedrals(JsonObject json, int[] narrow) {
        JsonArray array = new JsonArray();
        Arrays.stream(narrow).forEach(array::add);
        json.add("narrowDihedrals", array);
    }

    @Override
    public Object create(JsonObject json, NDManager manager, ComponentRegistry registry) {
        ZMatrix zmatrix = ZMatrix.fromJson(json.getAsJsonObject("zmatrix"));
        int atomCount = json.get("atomCount").getAsInt();
        if (atomCount != zmatrix.atomCount()) {
            throw new IllegalArgumentException(json.get("type").getAsString() + ": atomCount " + atomCount
                    + " disagrees with the Z-matrix's " + zmatrix.atomCount());
        }
        double bound = json.get("domainBound").getAsDouble();
        int[] narrow = new int[0];
        if (json.has("narrowDihedrals")) {
            JsonArray array = json.getAsJsonArray("narrowDihedrals");
            narrow = IntStream.range(0, array.size()).map(i -> array.get(i).getAsInt()).toArray();
        }
        return json.get("type").getAsString().equals("MixedCoordinateTransform")
                ? new MixedCoordinateTransform(zmatrix, manager, bound, narrow)
                : new InternalCoordinateTransform(zmatrix, manager, bound, json.has("external")
                        && json.get("external").getAsBoolean(), narrow);
    }
}
