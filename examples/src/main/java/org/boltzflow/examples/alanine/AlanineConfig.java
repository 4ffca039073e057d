package org.boltzflow.examples.alanine;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Path;
import org.boltzflow.flows.io.InvalidInputException;
import org.boltzflow.flows.io.JsonFiles;

/**
 * Everything that determines an alanine-dipeptide Boltzmann-generator run: the system, the reference MD, the flow,
 * its training and sampling, the seed and the thread count. Presets: {@code default} (under 20 minutes on 2 cores)
 * and {@code long} (about an hour, with AIS refinement of 50,000 chains), both finishing with the reverse alpha = 2
 * divergence, and {@code tiny} (seconds, for tests, reverse KL, 100 AIS chains). Read from and written to JSON; a
 * run folder keeps its {@code config.json} so that {@code --resume} and {@code sample} rebuild the same model.
 */
public record AlanineConfig(
        String prmtop,
        String startCoordinates,
        String solvent,
        double temperature,
        Md md,
        Flow flow,
        Training training,
        int samples,
        Ais ais,
        long seed,
        int threads) {

    /** Reference molecular dynamics: independent Langevin chains without constraints (all bonds sampled). */
    public record Md(int chains, long equilibrationSteps, long steps, int saveEvery, double timestep, double friction) {}

    /**
     * The flow: coupling neural spline blocks on the coordinate layer's output. {@code cartesianAtoms} lists the
     * atoms (0-based) the mixed coordinate layer keeps in PCA-whitened Cartesian coordinates, every other atom in
     * internal coordinates relative to them; an empty list means the global Z-matrix layer.
     */
    public record Flow(int blocks, int[] hidden, int bins, double splineBound, int[] cartesianAtoms) {}

    /**
     * Training: forward KL on MD frames, then a second phase against the energy (regularized above {@code energyCut}
     * kJ/mol, capped at {@code energyMax}), mixed with forward KL by {@code reverseForwardWeight}. With
     * {@code reverseAlpha} 1 the second phase minimizes reverse KL; any other value minimizes the reverse
     * alpha-divergence of that order instead (2: the mass-covering divergence whose minimum maximizes the ESS).
     */
    public record Training(long forwardSteps, long reverseSteps, int batch, int reverseBatch, double learningRate,
            double maxGradNorm, double energyCut, double energyMax, double reverseForwardWeight, double reverseAlpha,
            int checkpointEvery) {}

    /**
     * The optional refinement by annealed importance sampling in the flow's latent space ({@link AisRefinement}):
     * {@code samples} chains (0: none) through {@code levels} intermediate densities, {@code transitions}
     * random-walk Metropolis steps of size {@code stepSize} (latent units) at each.
     */
    public record Ais(int samples, int levels, int transitions, double stepSize) {}

    /** Alanine dipeptide's N, CA and C: the Cartesian part of the presets' mixed coordinate layer. */
    private static final int[] BACKBONE = {6, 8, 14};

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** The named preset: {@code default}, {@code long} or {@code tiny}. */
    public static AlanineConfig preset(String name) {
        String prmtop = "alanine-dipeptide/alanine-dipeptide.prmtop";
        String pdb = "alanine-dipeptide/alanine-dipeptide.pdb";
        return switch (name) {
            case "default" -> new AlanineConfig(prmtop, pdb, "obc1", 300, new Md(8, 20_000, 5_000_000, 100, 0.001, 1.0),
                    new Flow(6, new int[] {128, 128}, 8, 5.0, BACKBONE),
                    new Training(1200, 200, 1024, 256, 1e-3, 100, 1e3, 1e5, 1.0, 2.0, 250), 200_000,
                    new Ais(0, 32, 1, 0.2), 1L, 2);
            case "long" -> new AlanineConfig(prmtop, pdb, "obc1", 300, new Md(8, 20_000, 5_000_000, 100, 0.001, 1.0),
                    new Flow(8, new int[] {128, 128}, 8, 5.0, BACKBONE),
                    new Training(3000, 400, 1024, 256, 1e-3, 100, 1e3, 1e5, 1.0, 2.0, 500), 200_000,
                    new Ais(50_000, 32, 1, 0.2), 1L, 2);
            case "tiny" -> new AlanineConfig(prmtop, pdb, "vacuum", 300, new Md(2, 200, 4000, 20, 0.001, 1.0),
                    new Flow(2, new int[] {16}, 4, 5.0, BACKBONE),
                    new Training(6, 4, 32, 16, 1e-3, 100, 1e3, 1e5, 1.0, 1.0, 5), 300,
                    new Ais(100, 2, 1, 0.1), 1L, 2);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; known: default, long, tiny");
        };
    }

    /** Reads a config from JSON; fields left out take the value of the {@code default} preset. */
    public static AlanineConfig read(Path file) throws IOException {
        JsonObject given = JsonFiles.readObject(file);
        JsonElement presetSetting = given.remove("preset");
        if (presetSetting != null && !(presetSetting.isJsonPrimitive()
                && presetSetting.getAsJsonPrimitive().isString())) {
            throw new InvalidInputException(file.toString(), "setting 'preset' must be default, long or tiny");
        }
        String presetName = presetSetting == null ? "default" : presetSetting.getAsString();
        JsonObject merged = GSON.toJsonTree(preset(presetName)).getAsJsonObject();
        JsonFiles.requireMatches(merged, given, file.toString());
        mergeInto(merged, given, file.toString());
        try {
            return GSON.fromJson(merged, AlanineConfig.class).validated(file.toString());
        } catch (JsonParseException | NumberFormatException e) {
            throw new IOException(file + ": a setting has the wrong type (" + e.getMessage() + ")", e);
        }
    }

    /** This config as pretty JSON. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** This config with other values for the settings a command line can override. */
    public AlanineConfig with(String solventName, Long seedValue, Integer threadCount, Integer sampleCount) {
        return new AlanineConfig(prmtop, startCoordinates, solventName == null ? solvent : solventName, temperature,
                md, flow, training, sampleCount == null ? samples : sampleCount, ais, seedValue == null ? seed : seedValue,
                threadCount == null ? threads : threadCount).validated("command line");
    }

    /** This config with other AIS refinement settings. */
    public AlanineConfig withAis(Ais refinement) {
        return new AlanineConfig(prmtop, startCoordinates, solvent, temperature, md, flow, training, samples, refinement,
                seed, threads).validated("command line");
    }

    /** Checks every setting, naming the first that is out of range. */
    public AlanineConfig validated(String source) {
        require(temperature > 0, source, "temperature must be > 0 K");
        require(md.chains() > 0 && md.steps() > 0 && md.saveEvery() > 0 && md.timestep() > 0 && md.friction() > 0,
                source, "md chains, steps, saveEvery, timestep and friction must be > 0");
        require(flow.blocks() > 0 && flow.bins() > 1 && flow.hidden().length > 0 && flow.splineBound() > 0, source,
                "flow needs blocks > 0, bins > 1, hidden layers and splineBound > 0");
        require(flow.cartesianAtoms() != null && (flow.cartesianAtoms().length == 0
                || flow.cartesianAtoms().length >= 3), source, "flow cartesianAtoms must list none or at least 3 atoms");
        require(training.batch() > 0 && training.reverseBatch() > 0 && training.learningRate() > 0
                && training.forwardSteps() >= 0 && training.reverseSteps() >= 0 && training.checkpointEvery() > 0,
                source, "training batch sizes, learning rate and checkpointEvery must be > 0, step counts >= 0");
        require(training.energyCut() < training.energyMax(), source, "training energyCut must be below energyMax");
        require(training.reverseAlpha() > 0 && Double.isFinite(training.reverseAlpha()), source,
                "training reverseAlpha must be a finite number > 0 (1: reverse KL)");
        require(samples > 0 && threads > 0, source, "samples and threads must be > 0");
        require(ais.samples() >= 0 && ais.levels() >= 1 && ais.transitions() >= 1 && ais.stepSize() > 0
                && Double.isFinite(ais.stepSize()), source,
                "ais samples must be >= 0, levels and transitions >= 1, stepSize a finite number > 0");
        org.boltzflow.boltzmann.forcefield.amber.Solvent.parse(solvent);
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
