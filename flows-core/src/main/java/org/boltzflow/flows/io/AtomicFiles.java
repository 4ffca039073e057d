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
        Path parent = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new FileSystemException(absolute.toString(), null, "is a directory, a file is needed");
        }
        Files.createDirectories(parent);
        Path temp = null;
        try {
            OutputStream out = null;
            while (out == null) {
                temp = parent.resolve("." + absolute.getFileName() + "."
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
                try {
                    out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    out = null;
                } catch (FileSystemException e) {
                    temp = null;
                    throw cannotWrite(absolute, e);
                }
            }
            try (OutputStream stream = out) {
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
            if (temp != null) {
                Files.deleteIfExists(temp);
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
