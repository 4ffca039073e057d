package org.boltzflow.boltzmann.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.flows.io.InvalidInputException;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;

/**
 * Coordinates as a NumPy {@code .npy} array of shape {@code (frames, atoms, 3)} in nm, float64 on write (any
 * float or int dtype {@link Npy} reads is accepted on read). No unit cells.
 */
public final class NpyCoordinates {
    private NpyCoordinates() {}

    /** Reads a {@code (frames, atoms, 3)} array; a single {@code (atoms, 3)} configuration is one frame. */
    public static Trajectory read(Path file) throws IOException {
        NpyArray array = Npy.read(file);
        int[] shape = array.shape();
        int[] frameShape = shape.length == 2 ? new int[] {1, shape[0], shape[1]} : shape;
        if (frameShape.length != 3 || frameShape[2] != 3) {
            throw new InvalidInputException(file.toString(), "coordinate array has shape "
                    + Arrays.toString(shape) + ", expected (frames, atoms, 3) in nm");
        }
        int atoms = frameShape[1];
        List<double[]> frames = new ArrayList<>(frameShape[0]);
        for (int f = 0; f < frameShape[0]; f++) {
            frames.add(Arrays.copyOfRange(array.data(), f * 3 * atoms, (f + 1) * 3 * atoms));
        }
        return new Trajectory(atoms, frames);
    }

    /** Writes the frames as a float64 {@code (frames, atoms, 3)} array in nm, atomically. */
    public static void write(Path file, Trajectory trajectory) throws IOException {
        trajectory.requireFinite(file.toString());
        Npy.write(file, new NpyArray(trajectory.flatten(),
                new int[] {trajectory.frameCount(), trajectory.atomCount(), 3}));
    }
}
