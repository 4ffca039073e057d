package org.boltzflow.examples.generator;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.generator.AisRefinement;
import org.boltzflow.boltzmann.generator.EssCurve;
import org.boltzflow.boltzmann.generator.FlowSpec;
import org.boltzflow.boltzmann.generator.ReferenceMd;
import org.boltzflow.boltzmann.generator.TrainingPhase;
import org.boltzflow.boltzmann.generator.TrainingPlan;
import org.boltzflow.flows.io.JsonFiles;

/**
 * Everything that determines a Boltzmann-generator run of an AMBER system: the system (prmtop, start coordinates,
 * solvent, temperature), how it is trained ({@code method} {@code md}: reference MD, then forward KL and a reverse
 * phase; {@code fab}: FAB from the energy alone, MD only to validate), the reference trajectory if the user brings
 * one, the flow, sampling, AIS or SMC refinement, the ESS curve along training, the collective variables and
 * states of the analysis, the seed and the thread count. Presets ({@code default}, {@code long}, {@code tiny}) are JSON files shipped with the program; a
 * config file names the preset it starts from with {@code "preset"} and overrides any setting. A run folder keeps
 * its {@code config.json} so that {@code --resume} and {@code sample} rebuild the same model.
 */
public record RunConfig(
        String prmtop,
        String startCoordinates,
        String solvent,
        double temperature,
        String method,
        String reference,
        ReferenceMd.Settings md,
        FlowSpec flow,
        Training training,
        Fab fab,
        int samples,
        AisRefinement.Settings ais,
        EssCurve.Settings essCurve,
        String cvFile,
        List<String> cvs,
        List<String> states,
        long seed,
        int threads) {

    /** The preset names, in the order the help lists them. */
    public static final List<String> PRESETS = List.of("default", "long", "tiny");

    /**
     * The {@code md} method's training: forward KL on the reference frames, then {@code weightedSteps} of forward KL
     * on the flow's own importance-weighted draws from {@code weightedLearningRate} (cosine-decayed), with
     * {@code weightedForwardWeight} times forward KL on the frames, then a phase against the energy
     * (regularized above {@code energyCut} kT, capped at {@code energyMax}), mixed with forward KL by
     * {@code reverseForwardWeight}; reverse KL for {@code reverseAlpha} 1, else the alpha-divergence of that order;
     * then {@code fabSteps} FAB steps with the {@code fab} settings (a float64 flow). With {@code boostAbove} > 0
     * (kJ/mol) the forward-KL frames and the weighted phase's draws count as if the free energy of the CVs rose
     * above it only with {@code boostSlope} of its rise ({@link org.boltzflow.boltzmann.cv.CvBoost}).
     */
    public record Training(long forwardSteps, long weightedSteps, long reverseSteps, long fabSteps, int batch,
            int reverseBatch, double learningRate, double weightedLearningRate, double weightedForwardWeight,
            double boostAbove, double boostSlope, double maxGradNorm, double energyCut, double energyMax, double reverseForwardWeight, double reverseAlpha,
            int checkpointEvery) {}

    /** The {@code fab} method's training: {@code steps} FAB steps (see {@link TrainingPhase.FabSettings}). */
    public record Fab(long steps, int batch, double learningRate, int levels, int transitions, double stepSize,
            int bufferSize, int updatesPerAis, double maxWeightAdjust) {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    /** The named preset. */
    public static RunConfig preset(String name) {
        try {
            return fromTree(presetTree(name), "preset " + name);
        } catch (IOException e) {
            throw new IllegalStateException("preset " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static JsonObject presetTree(String name) throws IOException {
        if (!PRESETS.contains(name)) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; known: " + String.join(", ", PRESETS));
        }
        try (InputStream in = RunConfig.class.getResourceAsStream("presets/" + name + ".json")) {
            if (in == null) {
                throw new IOException("preset file presets/" + name + ".json is missing from the program");
            }
            JsonObject given = JsonFiles.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "preset " + name);
            return resolve(given, "preset " + name);
        }
    }

    /** A config tree: {@code given} merged over the preset its {@code "preset"} key names (else the default). */
    private static JsonObject resolve(JsonObject given, String source) throws IOException {
        if (!given.has("preset")) {
            return given;
        }
        JsonElement named = given.remove("preset");
        if (!named.isJsonPrimitive() || !named.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(source + ": setting 'preset' must be a name, one of " + PRESETS);
        }
        JsonObject base = presetTree(named.getAsString());
        mergeInto(base, given, source);
        return base;
    }

    /**
     * Reads a config from JSON (strictly: no key twice, every value of its setting's type, unknown settings refused,
     * all naming the file); settings left out take the values of its preset ({@code default} if none named).
     */
    public static RunConfig read(Path file) throws IOException {
        JsonObject given = JsonFiles.readObject(file);
        JsonElement named = given.get("preset");
        if (named == null) {
            named = new JsonPrimitive("default");
            given.add("preset", named);
        }
        if (named.isJsonPrimitive() && named.getAsJsonPrimitive().isString()
                && PRESETS.contains(named.getAsString())) {
            JsonObject template = preset(named.getAsString()).toTree();
            template.add("preset", named);
            JsonFiles.requireMatches(template, given, file.toString());
        }
        return fromTree(resolve(given, file.toString()), file.toString());
    }

    private static RunConfig fromTree(JsonObject tree, String source) {
        RunConfig config;
        try {
            config = GSON.fromJson(tree, RunConfig.class);
        } catch (JsonParseException | NumberFormatException | IllegalStateException e) {
            throw new IllegalArgumentException(source + ": a setting has the wrong type or value (" + message(e)
                    + ")", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": " + message(e), e);
        }
        return config.validated(source);
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** This config as pretty JSON (every setting, no preset reference). */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** This config as a JSON tree, for comparing settings. */
    public JsonObject toTree() {
        return GSON.toJsonTree(this).getAsJsonObject();
    }

    /** This config with the settings in {@code overrides} (a partial config tree) replaced; checked. */
    public RunConfig with(JsonObject overrides, String source) {
        JsonObject tree = toTree();
        mergeInto(tree, overrides, source);
        return fromTree(tree, source);
    }

    /** The names of the settings whose values differ between this config and {@code other}, e.g. {@code md.steps}. */
    public List<String> differences(RunConfig other) {
        List<String> out = new ArrayList<>();
        diff(toTree(), other.toTree(), "", out);
        return out;
    }

    private static void diff(JsonObject a, JsonObject b, String path, List<String> out) {
        Set<String> keys = new java.util.LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            JsonElement x = a.get(key);
            JsonElement y = b.get(key);
            if (x != null && y != null && x.isJsonObject() && y.isJsonObject()) {
                diff(x.getAsJsonObject(), y.getAsJsonObject(), path + key + ".", out);
            } else if (x == null || !x.equals(y)) {
                out.add(path + key);
            }
        }
    }

    /** The training plan of this config's method. */
    public TrainingPlan plan() {
        Training t = training;
        List<TrainingPhase> phases = new ArrayList<>();
        if (method.equals("fab")) {
            phases.add(fabPhase(fab.steps()));
        } else {
            phases.add(TrainingPhase.forwardKl(t.forwardSteps(), t.batch(), t.learningRate()));
            phases.add(TrainingPhase.weightedForwardKl(t.weightedSteps(), t.batch(), t.weightedLearningRate(),
                    t.weightedForwardWeight()));
            phases.add(TrainingPhase.reverse(t.reverseSteps(), t.reverseBatch(), t.reverseAlpha(),
                    0.05 * t.learningRate(), t.reverseForwardWeight()));
            if (t.fabSteps() > 0) {
                phases.add(fabPhase(t.fabSteps()));
            }
        }
        return new TrainingPlan(phases, t.energyCut(), t.energyMax(), t.maxGradNorm(), t.checkpointEvery());
    }

    private TrainingPhase fabPhase(long steps) {
        return TrainingPhase.fab(steps, fab.batch(), fab.learningRate(), new TrainingPhase.FabSettings(fab.levels(),
                fab.transitions(), fab.stepSize(), fab.bufferSize(), fab.updatesPerAis(), fab.maxWeightAdjust()));
    }

    /** Whether training runs FAB steps (the {@code fab} method, or FAB after forward KL): those need float64. */
    public boolean trainsFab() {
        return "fab".equals(method) || training.fabSteps() > 0;
    }

    /** Checks every setting, naming the first that is out of range. */
    public RunConfig validated(String source) {
        require(prmtop != null && !prmtop.isBlank(), source, "prmtop must name a file");
        require(startCoordinates != null && !startCoordinates.isBlank(), source,
                "startCoordinates must name a file");
        require(temperature > 0 && Double.isFinite(temperature), source, "temperature must be > 0 K and finite");
        require("md".equals(method) || "fab".equals(method), source, "method must be md or fab, got '" + method + "'");
        require(md != null && flow != null && training != null && fab != null && ais != null && essCurve != null,
                source, "md, flow, training, fab, ais and essCurve must be objects");
        require(samples > 1 && threads > 0, source, "samples must be > 1 and threads > 0");
        require(cvs != null && states != null, source, "cvs and states must be lists (possibly empty)");
        Training t = training;
        require(t.batch() > 0 && t.reverseBatch() > 0 && t.learningRate() > 0 && t.weightedLearningRate() > 0
                && t.forwardSteps() >= 0 && t.weightedSteps() >= 0 && t.reverseSteps() >= 0 && t.fabSteps() >= 0
                && t.checkpointEvery() > 0, source,
                "training batch sizes, learning rates and checkpointEvery must be > 0, step counts >= 0");
        require(t.weightedForwardWeight() >= 0 && Double.isFinite(t.weightedForwardWeight()), source,
                "training weightedForwardWeight must be a finite number >= 0");
        require(t.boostAbove() >= 0 && Double.isFinite(t.boostAbove()), source,
                "training boostAbove must be a finite free energy >= 0 kJ/mol (0: no boost)");
        require(t.boostSlope() >= 0 && t.boostSlope() < 1, source, "training boostSlope must be in [0, 1)");
        require(t.energyCut() < t.energyMax(), source, "training energyCut must be below energyMax");
        require(t.reverseAlpha() > 0 && Double.isFinite(t.reverseAlpha()), source,
                "training reverseAlpha must be a finite number > 0 (1: reverse KL)");
        require(solvent != null, source, "solvent must be vacuum, obc1 or obc2");
        require(md.replicas() == 1 || md.maxTemperature() > temperature, source, "md maxTemperature ("
                + md.maxTemperature() + " K) must be above the temperature (" + temperature + " K) for a replica "
                + "exchange");
        try {
            Solvent.parse(solvent);
            plan();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return this;
    }

    private static void require(boolean ok, String source, String what) {
        if (!ok) {
            throw new IllegalArgumentException(source + ": " + what);
        }
    }

    private static void mergeInto(JsonObject base, JsonObject given, String source) {
        for (String key : given.keySet()) {
            if (!base.has(key)) {
                throw new IllegalArgumentException(source + ": unknown setting '" + key + "'; known: " + base.keySet());
            }
            if (base.get(key).isJsonObject() && given.get(key).isJsonObject()) {
                mergeInto(base.getAsJsonObject(key), given.getAsJsonObject(key), source + " " + key);
            } else {
                base.add(key, given.get(key));
            }
        }
    }
}
