package org.boltzflow.boltzmann.io;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.flows.io.InputLimits;
import org.boltzflow.flows.io.InvalidInputException;

/**
 * DCD trajectories in the CHARMM layout that OpenMM, MDTraj and VMD use: Fortran records with 32-bit length
 * markers, float32 coordinates in Å on disk (nm in memory), an optional unit-cell record per frame (six doubles:
 * a, cos γ, b, cos β, cos α, c). Reads either byte order; writes little-endian. Fixed atoms and 4D trajectories
 * are refused with a clear message.
 */
public final class DcdFile {
    /** The AKMA time unit in ps that DCD headers use for the time step. */
    private static final double AKMA_PS = 0.04888821;
    private static final int HEADER_RECORD = 84;
    private static final int TITLE_LENGTH = 80;
    private static final int CELL_RECORD = 48;

    private DcdFile() {}

    /** Reads every frame of a DCD file. */
    public static Trajectory read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(InputLimits.readAllBytes(file));
        String source = file.toString();
        try {
            return read(in, source);
        } catch (BufferUnderflowException e) {
            throw new InvalidInputException(source, 0, "truncated DCD header", e);
        }
    }

    private static Trajectory read(ByteBuffer in, String source) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 4) {
            throw new InvalidInputException(source, "empty or truncated DCD file");
        }
        if (in.getInt(0) != HEADER_RECORD) {
            in.order(ByteOrder.BIG_ENDIAN);
            if (in.getInt(0) != HEADER_RECORD) {
                throw new InvalidInputException(source, "not a DCD file (first record is not 84 bytes; 64-bit record "
                        + "markers are not supported)");
            }
        }
        in.getInt();
        byte[] magic = new byte[4];
        in.get(magic);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("CORD")) {
            throw new InvalidInputException(source, "not a coordinate DCD file (magic '"
                    + new String(magic, StandardCharsets.US_ASCII) + "', expected 'CORD')");
        }
        int[] control = new int[20];
        for (int k = 0; k < 20; k++) {
            control[k] = in.getInt();
        }
        expectMarker(in, HEADER_RECORD, source, "end of header");
        boolean charmm = control[19] != 0;
        boolean hasCells = charmm && control[10] != 0;
        if (charmm && control[11] != 0) {
            throw new InvalidInputException(source, "4D DCD trajectories are not supported");
        }
        if (control[8] != 0) {
            throw new InvalidInputException(source, "DCD with " + control[8] + " fixed atoms is not supported");
        }
        int titleBytes = in.getInt();
        if (titleBytes < 0 || titleBytes > in.remaining()) {
            throw new InvalidInputException(source, "corrupt title record length " + titleBytes + " (the file has "
                    + in.remaining() + " more bytes)");
        }
        in.position(in.position() + titleBytes);
        expectMarker(in, titleBytes, source, "end of title");
        expectMarker(in, 4, source, "atom count record");
        int atoms = in.getInt();
        expectMarker(in, 4, source, "end of atom count record");
        if (atoms <= 0) {
            throw new InvalidInputException(source, "the header gives " + atoms + " atoms");
        }
        InputLimits.requireAtomCount(atoms, source);
        long frameBytes = (hasCells ? CELL_RECORD + 8 : 0) + 3 * (4L * atoms + 8);
        long frameCount = in.remaining() / frameBytes;
        if (in.remaining() % frameBytes != 0) {
            throw new InvalidInputException(source, "frame " + frameCount + " is truncated (" + in.remaining()
                    % frameBytes + " of " + frameBytes + " bytes; the header gives " + atoms + " atoms)");
        }
        if (frameCount == 0) {
            throw new InvalidInputException(source, "no frames (a header for " + atoms + " atoms and nothing else)");
        }
        List<double[]> frames = new ArrayList<>((int) frameCount);
        List<UnitCell> cells = new ArrayList<>((int) frameCount);
        for (int f = 0; f < frameCount; f++) {
            if (hasCells) {
                cells.add(readCell(in, source, f));
            }
            double[] xyz = new double[3 * atoms];
            for (int axis = 0; axis < 3; axis++) {
                expectMarker(in, 4 * atoms, source, "frame " + f + " coordinates");
                for (int i = 0; i < atoms; i++) {
                    xyz[3 * i + axis] = in.getFloat() / Units.ANGSTROM_PER_NM;
                }
                expectMarker(in, 4 * atoms, source, "end of frame " + f + " coordinates");
            }
            frames.add(xyz);
        }
        return new Trajectory(atoms, frames, cells.contains(null) ? List.of() : cells);
    }

    /** A cell record (a, cos γ, b, cos β, cos α, c in Å), or null when it holds no cell (zero lengths). */
    private static UnitCell readCell(ByteBuffer in, String source, int frame) {
        expectMarker(in, CELL_RECORD, source, "frame " + frame + " unit cell");
        double a = in.getDouble();
        double gamma = in.getDouble();
        double b = in.getDouble();
        double beta = in.getDouble();
        double alpha = in.getDouble();
        double c = in.getDouble();
        expectMarker(in, CELL_RECORD, source, "end of frame " + frame + " unit cell");
        if (!(a > 0 && b > 0 && c > 0)) {
            return null;
        }
        return new UnitCell(a / Units.ANGSTROM_PER_NM, b / Units.ANGSTROM_PER_NM, c / Units.ANGSTROM_PER_NM, degrees(alpha),
                degrees(beta), degrees(gamma));
    }

    /** Angles within [-1, 1] are cosines (CHARMM, OpenMM); larger ones are already degrees (older NAMD). */
    private static double degrees(double stored) {
        return Math.abs(stored) <= 1 ? Math.toDegrees(Math.acos(stored)) : stored;
    }

    private static void expectMarker(ByteBuffer in, int expected, String source, String where) {
        if (in.remaining() < 4) {
            throw new InvalidInputException(source, "truncated at " + where);
        }
        int marker = in.getInt();
        if (marker != expected) {
            throw new InvalidInputException(source, "corrupt record marker at " + where + " (byte "
                    + (in.position() - 4) + "): " + marker + ", expected " + expected);
        }
    }

    /** Writes {@code trajectory} with a time step of 0 and one step between frames. */
    public static void write(Path file, Trajectory trajectory) throws IOException {
        write(file, trajectory, 0, 1);
    }

    /**
     * Writes {@code trajectory} atomically; the header records the MD time step in ps and the number of steps
     * between frames, as OpenMM's {@code DCDReporter} does.
     */
    public static void write(Path file, Trajectory trajectory, double timestepPs, int stepsPerFrame)
            throws IOException {
        trajectory.requireFinite(file.toString());
        int atoms = trajectory.atomCount();
        int frameBytes = (trajectory.hasCells() ? CELL_RECORD + 8 : 0) + 3 * (4 * atoms + 8);
        int headerBytes = HEADER_RECORD + 8 + (2 * TITLE_LENGTH + 4) + 8 + 12;
        ByteBuffer out = ByteBuffer.allocate(headerBytes + frameBytes * trajectory.frameCount())
                .order(ByteOrder.LITTLE_ENDIAN);
        int frames = trajectory.frameCount();
        out.putInt(HEADER_RECORD).put("CORD".getBytes(StandardCharsets.US_ASCII));
        out.putInt(frames).putInt(0).putInt(stepsPerFrame).putInt(frames * stepsPerFrame);
        for (int k = 4; k < 9; k++) {
            out.putInt(0);
        }
        out.putFloat((float) (timestepPs / AKMA_PS)).putInt(trajectory.hasCells() ? 1 : 0);
        for (int k = 11; k < 19; k++) {
            out.putInt(0);
        }
        out.putInt(24).putInt(HEADER_RECORD);
        out.putInt(2 * TITLE_LENGTH + 4).putInt(2);
        out.put(title("Created by boltzflow")).put(title("Coordinates in Angstrom; float32"));
        out.putInt(2 * TITLE_LENGTH + 4);
        out.putInt(4).putInt(atoms).putInt(4);
        for (int f = 0; f < frames; f++) {
            if (trajectory.hasCells()) {
                UnitCell c = trajectory.cells().get(f);
                out.putInt(CELL_RECORD).putDouble(c.a() * Units.ANGSTROM_PER_NM).putDouble(cos(c.gamma()))
                        .putDouble(c.b() * Units.ANGSTROM_PER_NM).putDouble(cos(c.beta())).putDouble(cos(c.alpha()))
                        .putDouble(c.c() * Units.ANGSTROM_PER_NM).putInt(CELL_RECORD);
            }
            double[] xyz = trajectory.frame(f);
            for (int axis = 0; axis < 3; axis++) {
                out.putInt(4 * atoms);
                for (int i = 0; i < atoms; i++) {
                    out.putFloat((float) (xyz[3 * i + axis] * Units.ANGSTROM_PER_NM));
                }
                out.putInt(4 * atoms);
            }
        }
        AtomicFiles.write(file, stream -> stream.write(out.array()));
    }

    private static double cos(double degrees) {
        return Math.sin(Math.PI / 2 - Math.toRadians(degrees));
    }

    private static byte[] title(String text) {
        byte[] bytes = new byte[TITLE_LENGTH];
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, Math.min(ascii.length, TITLE_LENGTH));
        return bytes;
    }
}
