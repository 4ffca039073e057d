package org.boltzflow.flows.io;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Rebuilds flow components (layers, distributions, whole flows, coordinate transforms) from the architecture JSON
 * their {@code toJson()} wrote: a map from each {@code "type"} to its builder, by convention the component's static
 * {@code fromJson(JsonObject, NDManager)}. Each module lists its factories in
 * {@code META-INF/services/org.boltzflow.flows.io.ComponentFactory}, so a saved model loads without the code that
 * built it. A rebuilt component's parameters may hold any values: the loader overwrites them, in
 * {@code parameters()} order, with the saved ones. Nested components are built through
 * {@link ComponentRegistry#load()}.
 */
public interface ComponentFactory {
    /** The builder of each {@code "type"} this factory knows: {@code (description, manager) -> component}. */
    Map<String, BiFunction<JsonObject, NDManager, Object>> builders();
}
