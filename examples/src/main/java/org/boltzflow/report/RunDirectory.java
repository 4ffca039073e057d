package org.boltzflow.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.boltzflow.flows.io.AtomicFiles;

/**
 * The folder a command writes its outputs to: {@code --out DIR} if given, else {@code runs/<name>-<timestamp>}
 * under the working directory. Files are written atomically, so an interrupted run never leaves a half file. A
 * folder claimed by one command ({@link #claim}) records that command in {@code .boltzflow-command} and refuses
 * another, so one command's outputs never overwrite another's; it also remembers the run's MD cache folder.
 */
public final class RunDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String OWNER = ".boltzflow-command";
    private static final String CACHE = ".boltzflow-cache";
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

    /**
     * {@code out} (or a new timestamped folder) for {@code command}'s outputs: refused if another command's outputs
     * are there.
     */
    public static RunDirectory claim(Path out, String name, String command) throws IOException {
        if (out != null && Files.isDirectory(out)) {
            Path marker = out.resolve(OWNER);
            String owner = Files.exists(marker) ? Files.readString(marker).strip()
                    : Files.exists(out.resolve("metrics.json")) || Files.exists(out.resolve("config.json"))
                            ? "another command" : null;
            if (owner != null && !owner.equals(command)) {
                throw new IllegalArgumentException("--out " + out + " holds the outputs of `boltzflow " + owner
                        + "`; `boltzflow " + command + "` would overwrite them; give another folder");
            }
        }
        RunDirectory dir = create(out, name);
        AtomicFiles.writeString(dir.resolve(OWNER), command + "\n");
        return dir;
    }

    /**
     * The MD cache folder of this run: {@code given} if not null (then remembered), else the one remembered from
     * the run's first start, else {@code fallback}.
     */
    public Path cacheFolder(Path given, Path fallback) throws IOException {
        Path remembered = resolve(CACHE);
        if (given != null) {
            AtomicFiles.writeString(remembered, given.toAbsolutePath() + "\n");
            return given;
        }
        if (Files.exists(remembered)) {
            return Path.of(Files.readString(remembered).strip());
        }
        return fallback;
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
