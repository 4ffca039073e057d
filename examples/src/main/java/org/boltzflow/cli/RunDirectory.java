package org.boltzflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.boltzflow.flows.io.AtomicFiles;

/**
 * The folder a command writes its outputs to: {@code --out DIR} if given, else {@code runs/<name>-<timestamp>}
 * under the working directory. Files are written atomically, so an interrupted run never leaves a half file.
 */
public final class RunDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** {@code out} if not null, else {@code runs/<name>-<timestamp>}; the folder is created. */
    public static RunDirectory create(Path out, String name) throws IOException {
        Path root = out != null ? out : Path.of("runs", name + "-" + LocalDateTime.now().format(STAMP));
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException(root + ": exists and is not a folder");
        }
        Files.createDirectories(root);
        return new RunDirectory(root);
    }

    /** The folder itself. */
    public Path root() {
        return root;
    }

    /** The path of {@code file} inside the folder. */
    public Path resolve(String file) {
        return root.resolve(file);
    }

    /** Writes {@code content} to {@code file} atomically and returns its path. */
    public Path writeString(String file, String content) throws IOException {
        Path target = resolve(file);
        AtomicFiles.writeString(target, content);
        return target;
    }
}
