package org.boltzflow.flows.splines;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.io.ComponentFactory;
import org.boltzflow.flows.io.ComponentRegistry;
import org.boltzflow.flows.nn.Activation;

/** Rebuilds the layers of this package from their architecture JSON. */
public final class SplineFactory implements ComponentFactory {
    @Override
    public Set<String> types() {
        return Set.of("SplineCoupling", "CircularShift");
    }

    @Override
    public Object create(JsonObject json, NDManager manager, ComponentRegistry registry) {
        List<Domain> domains = DomainsJson.read(json.getAsJsonArray("domains"));
        String type = json.get("type").getAsString();
        if (type.equals("CircularShift")) {
            return new CircularShift(domains, doubles(json.getAsJsonArray("offsets")));
        }
        SplineSettings settings = SplineSettings.fromJson(json.getAsJsonObject("spline"));
        int[] hidden = ints(json.getAsJsonArray("hidden"));
        Activation activation = Activation.valueOf(json.get("activation").getAsString());
        DataType dtype = DataType.valueOf(json.get("dtype").getAsString());
        JsonArray mask = json.getAsJsonArray("conditioning");
        boolean[] conditioning = new boolean[mask.size()];
        for (int i = 0; i < conditioning.length; i++) {
            conditioning[i] = mask.get(i).getAsBoolean();
        }
        return new SplineCoupling(manager, domains, conditioning, settings, hidden, activation, dtype, 0L);
    }

    private static int[] ints(JsonArray array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsInt();
        }
        return values;
    }

    private static double[] doubles(JsonArray array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsDouble();
        }
        return values;
    }
}
