package org.boltzflow.flows.targets;

import ai.djl.ndarray.types.DataType;
import java.util.List;

/** The analytic targets by their command-line names ({@code two-moons}, {@code eight-gaussians}, {@code ring}, {@code cylinder}). */
public final class ToyTargets {
    /** The names {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("two-moons", "eight-gaussians", "ring", "cylinder");

    private ToyTargets() {}

    /** The target called {@code name}, with default settings and samples of {@code dtype}. */
    public static AnalyticTarget byName(String name, DataType dtype) {
        return switch (name) {
            case "two-moons" -> new TwoMoons(dtype);
            case "eight-gaussians" -> new EightGaussians(2.0, 0.3, dtype);
            case "ring" -> new Ring(2.0, 0.2, dtype);
            case "cylinder" -> new CylinderTarget(dtype);
            default -> throw new IllegalArgumentException("unknown target '" + name + "'; known: " + NAMES);
        };
    }
}
