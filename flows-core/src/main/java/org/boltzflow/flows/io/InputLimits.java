package org.boltzflow.flows.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Limits that readers check before they allocate, so that a corrupt header or a huge input is refused with a
 * message naming the limit instead of exhausting memory. Limits are on counts a reader would allocate for.
 */
public final class InputLimits {
    /** Largest file a reader loads whole into memory: 1 GiB. */
    public static final long MAX_FILE_BYTES = 1L << 30;
    /** Largest number of values in one array read from a file (NPY, DCD frames): 2^27 doubles, 1 GiB. */
    public static final long MAX_VALUES = 1L << 27;
    /** Largest number of atoms in one system or frame. */
    public static final int MAX_ATOMS = 1_000_000;

    private InputLimits() {}

    /** The size of {@code file}, refused above {@link #MAX_FILE_BYTES}. */
    public static long requireReadable(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, a file is needed");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidInputException(file.toString(), "file is " + size + " bytes, more than the "
                    + MAX_FILE_BYTES + "-byte limit of files read into memory");
        }
        return size;
    }

    /** Reads the whole of {@code file} after checking its size against {@link #MAX_FILE_BYTES}. */
    public static byte[] readAllBytes(Path file) throws IOException {
        requireReadable(file);
        return Files.readAllBytes(file);
    }

    /** Refuses a value count (product of array dimensions) above {@link #MAX_VALUES} or below zero. */
    public static long requireValueCount(long count, String source, String what) {
        if (count < 0 || count > MAX_VALUES) {
            throw new InvalidInputException(source, what + " holds " + count + " values; the limit is "
                    + MAX_VALUES);
        }
        return count;
    }

    /** Refuses an atom count outside {@code [0, MAX_ATOMS]}. */
    public static int requireAtomCount(long atoms, String source) {
        if (atoms < 0 || atoms > MAX_ATOMS) {
            throw new InvalidInputException(source, atoms + " atoms: the limit is " + MAX_ATOMS);
        }
        return (int) atoms;
    }
}
