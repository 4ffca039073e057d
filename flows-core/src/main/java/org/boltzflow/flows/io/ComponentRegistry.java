package org.boltzflow.flows.io;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** All {@link ComponentFactory}s on the class path, by the {@code "type"} they build. */
public final class ComponentRegistry {
    private final Map<String, ComponentFactory> factories = new HashMap<>();

    /** The factories found by {@link ServiceLoader}. */
    public static ComponentRegistry load() {
        ComponentRegistry registry = new ComponentRegistry();
        for (ComponentFactory factory : ServiceLoader.load(ComponentFactory.class)) {
            for (String type : factory.types()) {
                registry.factories.put(type, factory);
            }
        }
        return registry;
    }

    /** Builds the component {@code json} describes, checked to be a {@code kind}. */
    public <T> T create(JsonObject json, NDManager manager, Class<T> kind) {
        if (!json.has("type")) {
            throw new IllegalArgumentException("component description has no \"type\": " + json);
        }
        String type = json.get("type").getAsString();
        ComponentFactory factory = factories.get(type);
        if (factory == null) {
            throw new IllegalArgumentException("unknown component type '" + type + "'; known: "
                    + new java.util.TreeSet<>(factories.keySet()));
        }
        Object built = factory.create(json, manager, this);
        if (!kind.isInstance(built)) {
            throw new IllegalArgumentException("component type '" + type + "' is a " + built.getClass().getSimpleName()
                    + ", expected a " + kind.getSimpleName());
        }
        return kind.cast(built);
    }
}
