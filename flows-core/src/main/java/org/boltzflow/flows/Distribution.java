package org.boltzflow.flows;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;

/**
 * A normalized density that can be sampled. {@code logProb} is normalized; {@link #sample} returns points with
 * their log-density, attached to {@code manager}. Every draw is determined by its {@code seed}.
 */
public interface Distribution extends Target, HasParameters {
    /** Draws {@code n} points and their log-densities; the same seed gives the same sample. */
    Sample sample(NDManager manager, int n, long seed);

    /** Architecture description ({@code "type"} plus settings) for save/load; values of parameters excluded. */
    JsonObject toJson();
}
