package org.boltzflow.flows.io;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.Set;

/**
 * Rebuilds flow components (layers, distributions, whole flows) from the architecture JSON their {@code toJson()}
 * wrote. Each module lists its factories in {@code META-INF/services/org.boltzflow.flows.io.ComponentFactory}, so a
 * saved model loads without the code that built it. The rebuilt component's parameters may hold any values:
 * the loader overwrites them, in {@code parameters()} order, with the saved ones.
 */
public interface ComponentFactory {
    /** The {@code "type"} values this factory builds. */
    Set<String> types();

    /**
     * Builds the component described by {@code json} (its {@code "type"} is one of {@link #types()}), with its
     * arrays in {@code manager}; nested components are built through {@code registry}.
     */
    Object create(JsonObject json, NDManager manager, ComponentRegistry registry);
}
