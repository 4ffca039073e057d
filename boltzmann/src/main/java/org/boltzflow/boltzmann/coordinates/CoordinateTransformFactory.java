package org.boltzflow.boltzmann.coordinates;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.Set;
import org.boltzflow.flows.io.ComponentFactory;
import org.boltzflow.flows.io.ComponentRegistry;

/** Rebuilds {@link InternalCoordinateTransform} and {@link MixedCoordinateTransform} from their {@code toJson()}. */
public final class CoordinateTransformFactory implements ComponentFactory {
    @Override
    public Set<String> types() {
        return Set.of("InternalCoordinateTransform", "MixedCoordinateTransform");
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
        return json.get("type").getAsString().equals("MixedCoordinateTransform")
                ? new MixedCoordinateTransform(zmatrix, manager, bound)
                : new InternalCoordinateTransform(zmatrix, manager, bound);
    }
}
