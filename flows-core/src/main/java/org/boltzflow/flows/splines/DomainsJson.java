package org.boltzflow.flows.splines;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Domain;

/** Per-dimension domains in architecture JSON: an array of {@code {"kind", "low", "high"}}. */
final class DomainsJson {
    private DomainsJson() {}

    static JsonArray write(List<Domain> domains) {
        JsonArray array = new JsonArray();
        for (Domain d : domains) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", d.kind().name());
            o.addProperty("low", d.low());
            o.addProperty("high", d.high());
            array.add(o);
        }
        return array;
    }

    static List<Domain> read(JsonArray array) {
        List<Domain> domains = new ArrayList<>();
        for (JsonElement e : array) {
            JsonObject o = e.getAsJsonObject();
            domains.add(new Domain(Domain.Kind.valueOf(o.get("kind").getAsString()), o.get("low").getAsDouble(),
                    o.get("high").getAsDouble()));
        }
        return domains;
    }
}
