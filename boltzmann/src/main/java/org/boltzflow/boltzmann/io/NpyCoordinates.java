package org.boltzflow.boltzmann.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.boltzflow.flows.io.InvalidInputException;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;

/**
 * Coordinates as a NumPy {@code .npy} array of shape {@code (frames, atoms, 3)} in nm. A float32 file is read as a
 * single-precision trajectory and any other float or int dtype {@link Npy} reads as double precision; a trajectory
 * is written in its own precision (float32 or float64). No unit cells.
 */
public final class NpyCoordinates {
    private NpyCoordinates() {}

    /** Reads a {@code (frames, atoms, 3)} array; a single {@code (atoms, 3)} configuration is one frame. */
    public static Trajectory read(Path file) throws IOException {
        if (Npy.holdsFloat32(file)) {
            Npy.Floats array = Npy.readFloats(file);
            return Trajectory.ownedFloats(atoms(array.shape(), file), array.data());
        }
        NpyArray array = Npy.read(file);
        return Trajectory.ownedDoubles(atoms(array.shape(), file), array.data());
    }

    private static int atoms(int[] shape, Path file) {
        int[] frameShape = shape.length == 2 ? new int[] {1, shape[0], shape[1]} : shape;
        if (frameShape.length != 3 || frameShape[2] != 3) {
            throw new InvalidInputException(file.toString(), "coordinate array has shape "
                    + Arrays.toString(shape) + ", expected (frames, atoms, 3) in nm");
        }
        return frameShape[1];
    }

    /** Writes the frames as a {@code (frames, atoms, 3)} array in nm in the trajectory's precision, atomically. */
    public static void write(Path file, Trajectory trajectory) throws IOException {
        trajectory.requireFinite(file.toString());
        int[] shape = {trajectory.frameCount(), trajectory.atomCount(), 3};
        if (trajectory.isSinglePrecision()) {
            Npy.writeFloats(file, trajectory.floatsView(), shape);
        } else {
            Npy.write(file, new NpyArray(trajectory.flatten(), shape));
        }
    }
}
