package org.boltzflow.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.examples.generator.RunConfig;
import org.boltzflow.report.RunDirectory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code run} and {@code train} share: the system, its CVs and states, the method, what to override in
 * the config, where to write, resuming. A run folder is resumed only with the config it was made with.
 */
final class RunOptions {
    @Mixin
    SystemOptions system;

    @Option(names = "--coords", description = "Start coordinates matching --prmtop (.pdb, .dcd or .npy in nm).")
    Path coords;

    @Option(names = "--reference", description = "A trajectory of the system (.dcd, .pdb or .npy) to train on "
            + "instead of running reference MD.")
    Path reference;

    @Option(names = "--method", description = "md (reference MD and forward KL, then any reverse-KL steps of the "
            + "config) or fab (FAB from the energy alone, in float64; MD only to validate). Default: md.")
    String method;

    @Option(names = "--cv", description = "A collective variable NAME=dihedral:a,b,c,d (0-based atoms; also angle, "
            + "distance). Repeat for more; default: backbone phi/psi of a peptide, else every rotatable dihedral.")
    List<String> cvs;

    @Option(names = "--state", description = "A named state NAME:cv=lo..hi,... (degrees for angles). Repeat for more.")
    List<String> states;

    @Option(names = "--seed", description = "Seed of every random stream (default: the config's, 1).")
    Long seed;

    @Option(names = {"-n", "--samples"}, description = "Flow samples to draw and reweight (default: the preset's).")
    Integer samples;

    @Option(names = "--ess-every", description = "Measure the flow's reverse ESS on fresh draws every N training "
            + "steps and at each phase's end, into ess_curve.csv and ess_vs_time.png; 0: off (default: the config's "
            + "essCurve.every, 0).")
    Integer essEvery;

    @Option(names = "--out", description = "Output folder (default: runs/<name>-<timestamp>).")
    Path out;

    @Option(names = "--resume", description = "Continue an interrupted run in this folder (its config.json is used).")
    Path resume;

    @Option(names = "--cache", description = "Where reference MD is cached (default: the data folder's cache/, or "
            + "the resumed run's).")
    Path cache;

    /**
     * The config given on the command line: {@code base} with this command line's overrides. A {@code --temperature}
     * moves the reference MD's replica ladder with it, keeping the ratio of its top to its bottom temperature.
     */
    RunConfig requested(RunConfig base) {
        JsonObject o = overrides();
        if (system.temperature != null && base.md().replicas() > 1) {
            JsonObject md = new JsonObject();
            md.addProperty("maxTemperature", base.md().maxTemperature() * system.temperature / base.temperature());
            o.add("md", md);
        }
        return base.with(o, "command line");
    }

    /** The settings this command line sets, as a partial config tree. */
    private JsonObject overrides() {
        JsonObject o = new JsonObject();
        if (system.prmtop != null) {
            if (coords == null) {
                throw new IllegalArgumentException("--prmtop needs --coords (start coordinates of that system)");
            }
            o.addProperty("prmtop", system.prmtop.toAbsolutePath().toString());
            o.add("cvFile", com.google.gson.JsonNull.INSTANCE);
            o.add("cvs", new JsonArray());
            o.add("states", new JsonArray());
        }
        if (coords != null) {
            o.addProperty("startCoordinates", coords.toAbsolutePath().toString());
        }
        if (reference != null) {
            o.addProperty("reference", reference.toAbsolutePath().toString());
        }
        if (system.solvent != null) {
            o.addProperty("solvent", system.solvent);
        }
        if (system.temperature != null) {
            o.addProperty("temperature", system.temperature);
        }
        if (system.threads != null) {
            o.addProperty("threads", system.threads);
        }
        if (method != null) {
            o.addProperty("method", method);
        }
        if (cvs != null) {
            o.add("cvs", strings(cvs));
        }
        if (states != null) {
            o.add("states", strings(states));
        }
        if (seed != null) {
            o.addProperty("seed", seed);
        }
        if (samples != null) {
            o.addProperty("samples", samples);
        }
        if (essEvery != null) {
            JsonObject curve = new JsonObject();
            curve.addProperty("every", essEvery);
            o.add("essCurve", curve);
        }
        return o;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /**
     * The config to run: with {@code --resume} (or {@code --out} naming a run folder) the folder's own, refused if
     * the command line asks for different settings; else {@code base} with the overrides.
     */
    RunConfig config(RunConfig base, boolean settingsGiven) throws IOException {
        Path folder = resume != null ? resume : out;
        Path saved = folder == null ? null : folder.resolve("config.json");
        if (resume != null && !Files.exists(saved)) {
            throw new IOException(resume + ": no config.json here, so it is not a run folder to resume");
        }
        RunConfig requested = requested(base);
        if (saved == null || !Files.exists(saved)) {
            return requested;
        }
        RunConfig existing = RunConfig.read(saved);
        if (resume != null && !settingsGiven && overrides().size() == 0) {
            return existing;
        }
        List<String> differing = existing.differences(requested).stream().filter(k -> !k.equals("threads")).toList();
        if (!differing.isEmpty()) {
            throw new IllegalArgumentException(folder + " holds a run made with other settings (" 
                    + String.join(", ", differing) + "); resume it without changing them, or give another --out");
        }
        return existing.with(threadsOnly(requested), "command line");
    }

    private static JsonObject threadsOnly(RunConfig config) {
        JsonObject o = new JsonObject();
        o.addProperty("threads", config.threads());
        return o;
    }

    /** The folder to write into. */
    RunDirectory directory(String command, String name) throws IOException {
        return RunDirectory.claim(resume != null ? resume : out, name, command);
    }
}
