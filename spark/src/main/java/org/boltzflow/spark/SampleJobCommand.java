package org.boltzflow.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.generator.SampleStream;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.spark.sampling.DistributedSampling;
import org.boltzflow.spark.sampling.GeneratorBundle;
import org.boltzflow.spark.sampling.Observables;
import org.boltzflow.spark.sampling.SamplingEstimates;
import org.boltzflow.spark.sampling.SamplingSums;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code boltzflow-spark sample}: draws samples of a saved generator on the cluster and writes the estimates
 * ({@code OUT/estimates.json}). The draws are those {@code boltzflow sample} makes with the same seed and count. The
 * system (prmtop, solvent, temperature) and the default seed come from the run folder's {@code config.json}.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Sample a trained Boltzmann generator on Spark: log Z, ESS, state populations, dF and dihedral profiles.")
final class SampleJobCommand implements Callable<Integer> {
    @Mixin
    SparkCommand.SparkOptions spark;

    @Option(names = "--model", required = true, description = "Run folder holding model.json, model.params and config.json.")
    Path model;

    @Option(names = "--prmtop", description = "AMBER prmtop (default: the run's).")
    Path prmtop;

    @Option(names = "--solvent", description = "vacuum, obc1 or obc2 (default: the run's).")
    String solvent;

    @Option(names = "--temperature", description = "Temperature in K (default: the run's).")
    Double temperature;

    @Option(names = {"-n", "--samples"}, defaultValue = "1000000", description = "Number of draws (default: ${DEFAULT-VALUE}).")
    long samples;

    @Option(names = "--seed", description = "Sampling seed; the same seed and -n give the draws of boltzflow sample (default: the run's "
            + "seed, or 1 if its config.json names none).")
    Long seed;

    @Option(names = "--partitions", description = "Partitions (default: 4 per Spark core).")
    Integer partitions;

    @Option(names = "--dihedral", arity = "2", description = "Two dihedrals name:a,b,c,d (atoms from 0) (default: alanine dipeptide's phi and psi).")
    List<String> dihedrals;

    @Option(names = "--state", description = "A state on the two dihedrals, NAME:first=lo..hi,second=lo..hi in degrees, the dihedrals "
            + "named as in --dihedral (repeatable; default: alanine dipeptide's four basins).")
    List<String> states;

    @Option(names = "--bins", defaultValue = "36", description = "Bins of each dihedral's profile (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--out", required = true, description = "Output folder for estimates.json.")
    Path out;

    @Override
    public Integer call() throws Exception {
        JsonObject config = readConfig(model.resolve("config.json"));
        Path prmtopFile = prmtop != null ? prmtop : dataFile(string(config, "prmtop"));
        String solventName = solvent != null ? solvent : string(config, "solvent");
        double kelvin = temperature != null ? temperature : config.get("temperature").getAsDouble();
        GeneratorBundle generator = GeneratorBundle.read(model, "model", prmtopFile, solventName, kelvin);
        Observables observables = observables();
        long sampleSeed = seed != null ? seed : config.has("seed") ? config.get("seed").getAsLong() : 1;
        SampleStream stream = SampleStream.of(sampleSeed, samples);
        try (SparkSession session = spark.session("sample")) {
            int parts = partitions != null ? partitions : 4 * session.sparkContext().defaultParallelism();
            LongAccumulator drawn = session.sparkContext().longAccumulator("draws");
            SamplingSums sums;
            try (DriverProgress progress = new DriverProgress("sampling", "draws", () -> samples, drawn::value,
                    null, System.err, 10)) {
                sums = DistributedSampling.run(session, generator, observables, stream, parts, drawn);
            }
            SamplingEstimates estimates = SamplingEstimates.of(sums, observables, Units.kT(kelvin));
            Files.createDirectories(out);
            AtomicFiles.writeString(out.resolve("estimates.json"), estimates.toJson());
            System.out.printf(Locale.ROOT, "%d draws (%d configurations): log Z %.4f ± %.4f, ESS %.4f; estimates in %s%n",
                    estimates.draws(), estimates.configurations(), estimates.logZ().value(),
                    estimates.logZ().stdError(), estimates.essFraction(), out.resolve("estimates.json"));
        }
        return 0;
    }

    private Observables observables() {
        Observables alanine = Observables.alanineDipeptide(bins);
        Dihedral first = dihedrals == null ? alanine.dihedral(0) : dihedral(dihedrals.get(0));
        Dihedral second = dihedrals == null ? alanine.dihedral(1) : dihedral(dihedrals.get(1));
        return new Observables(first, second, states == null ? alanine.states() : states, bins);
    }

    private static Dihedral dihedral(String text) {
        String[] parts = text.split("[:,]");
        if (parts.length != 5) {
            throw new IllegalArgumentException("--dihedral '" + text + "' is not name:a,b,c,d");
        }
        try {
            return new Dihedral(parts[0], Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim()),
                    Integer.parseInt(parts[3].trim()), Integer.parseInt(parts[4].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--dihedral '" + text + "': atoms must be integers");
        }
    }

    private static JsonObject readConfig(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file.getParent() + ": no config.json here; --model takes the folder of a run");
        }
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private static String string(JsonObject config, String key) {
        if (!config.has(key)) {
            throw new IllegalArgumentException("config.json has no '" + key + "'; give --" + key);
        }
        return config.get(key).getAsString();
    }

    /** A path from a run's config: absolute, or relative to the data folder ({@code boltzflow.data}). */
    private static Path dataFile(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : Path.of(System.getProperty("boltzflow.data", "data")).resolve(p);
    }
}
