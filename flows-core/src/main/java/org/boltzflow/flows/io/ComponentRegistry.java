package org.boltzflow.flows.io;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.BiFunction;

/** The builders of all {@link ComponentFactory}s on the class path, by the {@code "type"} they build. */
public final class ComponentRegistry {
    private final Map<String, BiFunction<JsonObject, NDManager, Object>> builders = new HashMap<>();

    /** The factories found by {@link ServiceLoader}; two factories claiming one type is an error. */
    public static ComponentRegistry load() {
        ComponentRegistry registry = new ComponentRegistry();
        for (ComponentFactory factory : ServiceLoader.load(ComponentFactory.class)) {
            factory.builders().forEach((type, builder) -> {
                if (registry.builders.putIfAbsent(type, builder) != null) {
                    throw new IllegalStateException("two component factories build '" + type + "'");
                }
            });
        }
        return registry;
    }

    /** Builds the component {@code json} describes, checked to be a {@code kind}. */
    public <T> T create(JsonObject json, NDManager manager, Class<T> kind) {
        String type = ArchitectureJson.string(json, "type");
        BiFunction<JsonObject, NDManager, Object> builder = builders.get(type);
        if (builder == null) {
            throw new IllegalArgumentException("unknown component type '" + type + "'; known: "
                    + new TreeSet<>(builders.keySet()));
        }
        Object built = builder.apply(json, manager);
        if (!kind.isInstance(built)) {
            throw new IllegalArgumentException("component type '" + type + "' is a " + built.getClass().getSimpleName()
                    + ", expected a " + kind.getSimpleName());
        }
        return kind.cast(built);
    }

    /** Builds each component of the list setting {@code key} of {@code json}, each checked to be a {@code kind}. */
    public <T> List<T> createAll(JsonObject json, String key, NDManager manager, Class<T> kind) {
        List<T> built = new ArrayList<>();
        for (JsonElement e : ArchitectureJson.array(json, key)) {
            built.add(create(e.getAsJsonObject(), manager, kind));
        }
        return built;
    }
}
