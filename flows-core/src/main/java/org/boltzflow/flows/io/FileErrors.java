package org.boltzflow.flows.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * One-line descriptions of file-system failures: the path and the reason (permission denied, not a directory, a
 * parent that is a file, no space left), where Java's exceptions often carry the bare path only.
 */
public final class FileErrors {
    private FileErrors() {}

    /** {@code path: reason} for an I/O failure; exceptions without a file keep their own message. */
    public static String describe(IOException e) {
        if (!(e instanceof FileSystemException fs) || fs.getFile() == null) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String file = fs.getFile();
        String where = fs.getOtherFile() == null ? file : file + " -> " + fs.getOtherFile();
        return where + ": " + reason(fs);
    }

    private static String reason(FileSystemException fs) {
        String given = fs.getReason();
        if (given != null && !given.isBlank()) {
            return given.toLowerCase(java.util.Locale.ROOT).equals("not a directory")
                    ? "not a directory" + parentFileHint(fs.getFile()) : given;
        }
        if (fs instanceof AccessDeniedException) {
            return "permission denied";
        } else if (fs instanceof NoSuchFileException) {
            return "no such file or directory";
        } else if (fs instanceof NotDirectoryException) {
            return "not a directory";
        } else if (fs instanceof FileAlreadyExistsException) {
            return Files.isRegularFile(Path.of(fs.getFile())) ? "is a file, where a directory is needed"
                    : "already exists";
        } else if (fs instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return fs.getClass().getSimpleName();
    }

    /** When a path cannot be a directory because one of its parents is a regular file, names that parent. */
    private static String parentFileHint(String file) {
        for (Path p = Path.of(file).toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p)) {
                return " (" + p + " is a file)";
            }
        }
        return "";
    }
}
