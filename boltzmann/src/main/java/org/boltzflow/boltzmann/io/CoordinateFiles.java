package org.boltzflow.boltzmann.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.io.InvalidInputException;

/**
 * Reads and writes coordinate files by extension ({@code .pdb}, {@code .dcd}, {@code .npy}), checking them
 * against a topology: at least one frame, atom count always, atom names and order for PDB, and NaN/Inf in any
 * frame.
 */
public final class CoordinateFiles {
    private CoordinateFiles() {}

    /** The coordinate formats, told apart by file extension. */
    public enum Format {
        PDB, DCD, NPY;

        /** The format of {@code file} by its extension, or a clear error. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".pdb")) {
                return PDB;
            } else if (name.endsWith(".dcd")) {
                return DCD;
            } else if (name.endsWith(".npy")) {
                return NPY;
            }
            throw new InvalidInputException(file.toString(), "unknown coordinate format; use .pdb, .dcd or .npy");
        }
    }

    /**
     * Reads every frame of {@code file}; refuses a file whose atom count (or, for PDB, atom names in order)
     * differs from {@code topology}'s, or any NaN/Inf coordinate, naming the frame and atom.
     */
    public static Trajectory read(Path file, Topology topology) throws IOException {
        Trajectory trajectory;
        switch (Format.of(file)) {
            case PDB -> {
                PdbStructure pdb = PdbFile.read(file);
                pdb.requireMatches(topology);
                trajectory = pdb.trajectory();
            }
            case DCD -> trajectory = DcdFile.read(file);
            default -> trajectory = NpyCoordinates.read(file);
        }
        if (trajectory.frameCount() == 0) {
            throw new InvalidInputException(file.toString(), "no frames");
        }
        if (trajectory.atomCount() != topology.atomCount()) {
            throw new InvalidInputException(file.toString(), trajectory.atomCount() + " atoms per frame, but the "
                    + "topology has " + topology.atomCount());
        }
        trajectory.requireFinite(file.toString());
        return trajectory;
    }

    /** Writes {@code trajectory} in the format of {@code file}'s extension, atomically. */
    public static void write(Path file, Topology topology, Trajectory trajectory) throws IOException {
        write(file, topology, trajectory, 0, 1);
    }

    /**
     * Writes {@code trajectory} in the format of {@code file}'s extension, atomically; a DCD header records the MD
     * time step (ps) and steps between frames.
     */
    public static void write(Path file, Topology topology, Trajectory trajectory, double timestepPs,
            int stepsPerFrame) throws IOException {
        if (trajectory.atomCount() != topology.atomCount()) {
            throw new IllegalArgumentException(file + ": trajectory has " + trajectory.atomCount()
                    + " atoms, topology " + topology.atomCount());
        }
        switch (Format.of(file)) {
            case PDB -> PdbFile.write(file, topology, trajectory);
            case DCD -> DcdFile.write(file, trajectory, timestepPs, stepsPerFrame);
            default -> NpyCoordinates.write(file, trajectory);
        }
    }
}
