package org.boltzflow.flows.splines;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.io.ComponentFactory;
import org.boltzflow.flows.io.ComponentRegistry;

/** Rebuilds the layers of this package ({@code SplineCoupling}, {@code AutoregressiveSpline}, {@code CircularShift}). */
public final class SplineFactory implements ComponentFactory {
    @Override
    public Set<String> types() {
        return Set.of("SplineCoupling", "AutoregressiveSpline", "CircularShift");
    }

    @Override
    public Object create(JsonObject json, NDManager manager, ComponentRegistry registry) {
        List<Domain> domains = SplineJson.domains(json);
        String type = json.get("type").getAsString();
        if (type.equals("CircularShift")) {
            JsonArray array = ArchitectureJson.array(json, "offsets");
            double[] offsets = new double[array.size()];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = array.get(i).getAsDouble();
            }
            return new CircularShift(domains, offsets);
        }
        if (type.equals("AutoregressiveSpline")) {
            return new AutoregressiveSpline(manager, domains, SplineJson.settings(json), SplineJson.hidden(json),
                    SplineJson.activation(json), ArchitectureJson.dtype(json), 0L);
        }
        JsonArray mask = ArchitectureJson.array(json, "conditioning");
        boolean[] conditioning = new boolean[mask.size()];
        for (int i = 0; i < conditioning.length; i++) {
            conditioning[i] = mask.get(i).getAsBoolean();
        }
        return new SplineCoupling(manager, domains, conditioning, SplineJson.settings(json), SplineJson.hidden(json),
                SplineJson.activation(json), ArchitectureJson.dtype(json), 0L);
    }
}
