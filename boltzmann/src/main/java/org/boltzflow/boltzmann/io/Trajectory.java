package org.boltzflow.boltzmann.io;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.io.InvalidInputException;

/**
 * A sequence of configurations of one system: each frame is {@code double[3 * atoms]} (x0, y0, z0, x1, ...) in
 * nm, with an optional unit cell per frame ({@code cells} is empty or has one entry per frame). Frames are copied
 * in and out, so a trajectory is immutable.
 */
public final class Trajectory {
    private final int atomCount;
    private final List<double[]> frames;
    private final List<UnitCell> cells;

    /** A trajectory of {@code frames}, each of {@code 3 * atomCount} values, with one cell per frame or none. */
    public Trajectory(int atomCount, List<double[]> frames, List<UnitCell> cells) {
        if (atomCount < 0) {
            throw new IllegalArgumentException("negative atom count " + atomCount);
        }
        List<double[]> copied = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            double[] frame = frames.get(i);
            if (frame.length != 3 * atomCount) {
                throw new IllegalArgumentException("frame " + i + " has " + frame.length + " values, expected 3 * "
                        + atomCount);
            }
            copied.add(frame.clone());
        }
        if (!cells.isEmpty() && cells.size() != frames.size()) {
            throw new IllegalArgumentException(cells.size() + " unit cells for " + frames.size() + " frames");
        }
        this.atomCount = atomCount;
        this.frames = copied;
        this.cells = List.copyOf(cells);
    }

    /** A trajectory without unit cells. */
    public Trajectory(int atomCount, List<double[]> frames) {
        this(atomCount, frames, List.of());
    }

    /** The number of atoms of each frame. */
    public int atomCount() {
        return atomCount;
    }

    /** The number of frames. */
    public int frameCount() {
        return frames.size();
    }

    /** A copy of frame {@code index}, {@code double[3 * atoms]} in nm. */
    public double[] frame(int index) {
        return frames.get(index).clone();
    }

    /** Copies of all frames. */
    public List<double[]> frames() {
        return frames.stream().map(double[]::clone).toList();
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
        for (int f = 0; f < frames.size(); f++) {
            double[] frame = frames.get(f);
            for (int i = 0; i < frame.length; i++) {
                if (!Double.isFinite(frame[i])) {
                    throw new InvalidInputException(source, "frame " + f + ", atom " + (i / 3) + " has a "
                            + "non-finite coordinate " + "xyz".charAt(i % 3) + " = " + frame[i]);
                }
            }
        }
    }

    /** All frames as one {@code (frames, atoms, 3)} C-ordered array. */
    public double[] flatten() {
        double[] all = new double[frames.size() * 3 * atomCount];
        for (int f = 0; f < frames.size(); f++) {
            System.arraycopy(frames.get(f), 0, all, f * 3 * atomCount, 3 * atomCount);
        }
        return all;
    }
}
