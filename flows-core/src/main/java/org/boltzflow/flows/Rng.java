package org.boltzflow.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Seeded random numbers made in Java, so the same seed gives the same numbers whatever the engine, device or
 * thread count. Independent streams for parallel work come from {@link #derive(long, long)}.
 */
public final class Rng {
    private Rng() {}

    /** A seed for stream {@code index} of the family {@code seed}; distinct indices give independent streams. */
    public static long derive(long seed, long index) {
        return new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L * (index + 1)).nextLong();
    }

    /** Standard normal numbers of the given shape and dtype. */
    public static NDArray normal(NDManager manager, Shape shape, DataType dtype, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            values[i] = r * Math.cos(2.0 * Math.PI * u2);
            if (i + 1 < values.length) {
                values[i + 1] = r * Math.sin(2.0 * Math.PI * u2);
            }
        }
        return manager.create(values, shape).toType(dtype, false);
    }

    /** Uniform numbers in [low, high) of the given shape and dtype. */
    public static NDArray uniform(NDManager manager, Shape shape, DataType dtype, double low, double high, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        return manager.create(values, shape).toType(dtype, false);
    }
}
