package org.boltzflow.flows.io;

import java.util.Arrays;

/** A numeric array read from or written to a {@code .npy} file: values in C order (row-major) and its shape. */
public record NpyArray(double[] data, int[] shape) {
    public NpyArray {
        requireShape(data.length, shape);
    }

    /** Throws unless {@code shape} holds exactly {@code count} values. */
    static void requireShape(int count, int[] shape) {
        long size = 1;
        for (int s : shape) {
            size *= s;
        }
        if (size != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values, data has " + count);
        }
    }
}
