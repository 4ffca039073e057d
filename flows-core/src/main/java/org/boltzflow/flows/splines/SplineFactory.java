package org.boltzflow.flows.splines;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.io.ComponentFactory;
import org.boltzflow.flows.io.ComponentRegistry;
import org.boltzflow.flows.nn.Activation;

/** Rebuilds this package's layers: {@code SplineCoupling}, {@code AutoregressiveSpline}, {@code CircularShift}. */
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
            return new CircularShift(domains, SplineJson.array(json, "offsets", double[].class));
        }
        SplineSettings settings = SplineJson.settings(json);
        int[] hidden = SplineJson.array(json, "hidden", int[].class);
        Activation activation = SplineJson.activation(json);
        DataType dtype = ArchitectureJson.dtype(json);
        if (type.equals("AutoregressiveSpline")) {
            return new AutoregressiveSpline(manager, domains, settings, hidden, activation, dtype, 0L);
        }
        boolean[] conditioning = SplineJson.array(json, "conditioning", boolean[].class);
        return new SplineCoupling(manager, domains, conditioning, settings, hidden, activation, dtype, 0L);
    }
}
