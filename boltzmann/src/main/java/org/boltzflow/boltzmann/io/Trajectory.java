package org.boltzflow.boltzmann.io;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.io.InvalidInputException;

/**
 * A sequence of configurations of one system: each frame is {@code double[3 * atoms]} (x0, y0, z0, x1, ...) in
 * nm, with an optional unit cell per frame ({@code cells} is empty or has one entry per frame). The frames are held
 * packed in one array, in double precision or, for long reference trajectories, in single precision (about 1e-7 nm
 * per coordinate; {@link #singlePrecision}); they are copied in and out, so a trajectory is immutable.
 */
public final class Trajectory {
    private final int atomCount;
    private final int frameCount;
    private final double[] doubles;
    private final float[] floats;
    private final List<UnitCell> cells;

    private Trajectory(int atomCount, int frameCount, double[] doubles, float[] floats, List<UnitCell> cells) {
        if (!cells.isEmpty() && cells.size() != frameCount) {
            throw new IllegalArgumentException(cells.size() + " unit cells for " + frameCount + " frames");
        }
        this.atomCount = atomCount;
        this.frameCount = frameCount;
        this.doubles = doubles;
        this.floats = floats;
        this.cells = List.copyOf(cells);
    }

    /** A trajectory of {@code frames}, each of {@code 3 * atomCount} values, with one cell per frame or none. */
    public Trajectory(int atomCount, List<double[]> frames, List<UnitCell> cells) {
        this(atoms(atomCount), frames.size(), packed(atomCount, frames), null, cells);
    }

    /** A trajectory without unit cells. */
    public Trajectory(int atomCount, List<double[]> frames) {
        this(atomCount, frames, List.of());
    }

    /** The frames stored one after another in {@code xyz} (nm), copied, without unit cells. */
    public static Trajectory packed(int atomCount, double[] xyz) {
        return ownedDoubles(atomCount, xyz.clone());
    }

    /**
     * {@code frames} rounded to single precision: half the memory of a double-precision trajectory, for reference
     * frames by the hundred thousand. Frames read back are the rounded values.
     */
    public static Trajectory singlePrecision(int atomCount, List<double[]> frames) {
        int size = 3 * atoms(atomCount);
        float[] xyz = new float[Math.multiplyExact(frames.size(), size)];
        for (int f = 0; f < frames.size(); f++) {
            double[] frame = checkedFrame(frames.get(f), f, atomCount);
            for (int i = 0; i < size; i++) {
                xyz[f * size + i] = (float) frame[i];
            }
        }
        return new Trajectory(atomCount, frames.size(), null, xyz, List.of());
    }

    /** Single-precision frames stored one after another in {@code xyz}, taken without a copy (this package only). */
    static Trajectory ownedFloats(int atomCount, float[] xyz) {
        return new Trajectory(atoms(atomCount), frameCount(atomCount, xyz.length), null, xyz, List.of());
    }

    /** Frames stored one after another in {@code xyz}, taken without a copy (this package only). */
    static Trajectory ownedDoubles(int atomCount, double[] xyz) {
        return new Trajectory(atoms(atomCount), frameCount(atomCount, xyz.length), xyz, null, List.of());
    }

    /** The packed single-precision values without a copy, or null if stored in double precision (this package). */
    float[] floatsView() {
        return floats;
    }

    /** The number of atoms of each frame. */
    public int atomCount() {
        return atomCount;
    }

    /** The number of frames. */
    public int frameCount() {
        return frameCount;
    }

    /** Whether the frames are held in single precision. */
    public boolean isSinglePrecision() {
        return floats != null;
    }

    /** A copy of frame {@code index}, {@code double[3 * atoms]} in nm. */
    public double[] frame(int index) {
        double[] frame = new double[3 * atomCount];
        copyFrame(index, frame, 0);
        return frame;
    }

    /** Copies frame {@code index} into {@code into} from {@code offset} on. */
    public void copyFrame(int index, double[] into, int offset) {
        if (index < 0 || index >= frameCount) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + frameCount);
        }
        int size = 3 * atomCount;
        if (doubles != null) {
            System.arraycopy(doubles, index * size, into, offset, size);
        } else {
            for (int i = 0; i < size; i++) {
                into[offset + i] = floats[index * size + i];
            }
        }
    }

    /** Copies of all frames. */
    public List<double[]> frames() {
        List<double[]> all = new ArrayList<>(frameCount);
        for (int f = 0; f < frameCount; f++) {
            all.add(frame(f));
        }
        return all;
    }

    /** Whether every frame has a unit cell. */
    public boolean hasCells() {
        return !cells.isEmpty();
    }

    /** The unit cells, one per frame, or an empty list. */
    public List<UnitCell> cells() {
        return cells;
    }

    /**
     * Throws if any coordinate is NaN or infinite, naming {@code source}, the zero-based frame and atom and the
     * offending value.
     */
    public void requireFinite(String source) {
        int values = frameCount * 3 * atomCount;
        for (int i = 0; i < values; i++) {
            double v = doubles != null ? doubles[i] : floats[i];
            if (!Double.isFinite(v)) {
                int frame = i / (3 * atomCount);
                int within = i % (3 * atomCount);
                throw new InvalidInputException(source, "frame " + frame + ", atom " + (within / 3) + " has a "
                        + "non-finite coordinate " + "xyz".charAt(within % 3) + " = " + v);
            }
        }
    }

    /** All frames as one {@code (frames, atoms, 3)} C-ordered array. */
    public double[] flatten() {
        return flatten(0, frameCount);
    }

    /** Frames {@code from} (inclusive) to {@code to} (exclusive) as one C-ordered array. */
    public double[] flatten(int from, int to) {
        if (from < 0 || to > frameCount || from > to) {
            throw new IndexOutOfBoundsException("frames " + from + " to " + to + " of " + frameCount);
        }
        int size = 3 * atomCount;
        double[] all = new double[(to - from) * size];
        for (int f = from; f < to; f++) {
            copyFrame(f, all, (f - from) * size);
        }
        return all;
    }

    private static double[] packed(int atomCount, List<double[]> frames) {
        int size = 3 * atomCount;
        double[] xyz = new double[Math.multiplyExact(frames.size(), size)];
        for (int f = 0; f < frames.size(); f++) {
            System.arraycopy(checkedFrame(frames.get(f), f, atomCount), 0, xyz, f * size, size);
        }
        return xyz;
    }

    private static double[] checkedFrame(double[] frame, int index, int atomCount) {
        if (frame.length != 3 * atomCount) {
            throw new IllegalArgumentException("frame " + index + " has " + frame.length + " values, expected 3 * "
                    + atomCount);
        }
        return frame;
    }

    private static int atoms(int atomCount) {
        if (atomCount < 0) {
            throw new IllegalArgumentException("negative atom count " + atomCount);
        }
        return atomCount;
    }

    private static int frameCount(int atomCount, int values) {
        if (atomCount <= 0 ? values != 0 : values % (3 * atomCount) != 0) {
            throw new IllegalArgumentException(values + " coordinates are not whole frames of " + atomCount
                    + " atoms");
        }
        return atomCount == 0 ? 0 : values / (3 * atomCount);
    }
}
