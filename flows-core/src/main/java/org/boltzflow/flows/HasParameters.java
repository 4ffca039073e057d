package org.boltzflow.flows;

import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Something that owns DJL parameters. Trainable ones have {@code requiresGradient()}; fixed statistics (buffers)
 * are parameters without gradient so that save/load carries them too. The order of the list is stable: it is the
 * order in which parameters are saved.
 */
public interface HasParameters {
    /** The parameters, trainable and fixed, in a stable order; empty by default. */
    default List<Parameter> parameters() {
        return List.of();
    }
}
