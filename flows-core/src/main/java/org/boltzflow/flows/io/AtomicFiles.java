package org.boltzflow.flows.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files atomically: into a temporary file beside the target, then moved over it, so a reader never sees a
 * half-written file and an interrupted write leaves the old one intact. Files get the permissions of any new file
 * (the process umask applies). Failures name the target and the reason, never the temporary file.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a whole file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with {@code writer}; parent folders are created. */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = createTemp(absolute);
        try {
            try (OutputStream stream = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                writer.write(stream);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            } catch (FileSystemException e) {
                throw cannotWrite(absolute, e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Checks, before long work, that {@link #write} will be able to write {@code target}: its folder exists or can
     * be created and accepts new files. Fails as {@link #write} would, naming the target and the reason.
     */
    public static void requireWritable(Path target) throws IOException {
        Files.delete(createTemp(target.toAbsolutePath()));
    }

    /** A new empty temporary file beside {@code absolute} (parents created), with default permissions. */
    private static Path createTemp(Path absolute) throws IOException {
        if (Files.isDirectory(absolute)) {
            throw new FileSystemException(absolute.toString(), null, "is a directory, a file is needed");
        }
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        while (true) {
            Path temp = parent.resolve("." + absolute.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (FileSystemException e) {
                throw cannotWrite(absolute, e);
            }
        }
    }

    /** Writes a UTF-8 string atomically. */
    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** The failure to write {@code target}, with the reason, in place of one naming the temporary file. */
    private static FileSystemException cannotWrite(Path target, FileSystemException e) {
        String reason = e instanceof AccessDeniedException
                ? "permission denied (cannot create files in " + target.getParent() + ")"
                : FileErrors.describe(e).replace(String.valueOf(e.getFile()), "temporary file");
        FileSystemException described = e instanceof AccessDeniedException
                ? new AccessDeniedException(target.toString(), null, reason)
                : new FileSystemException(target.toString(), null, "cannot write: " + reason);
        described.initCause(e);
        return described;
    }
}
