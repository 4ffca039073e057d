package org.boltzflow.cli;

import org.boltzflow.boltzmann.energy.ThermodynamicState;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.NpyCoordinates;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.md.AmberConstraints;
import org.boltzflow.boltzmann.md.LangevinIntegrator;
import org.boltzflow.boltzmann.md.LangevinSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code boltzflow bench amber}: AMBER energy+forces and MD throughput of the Java code against OpenMM's CPU
 * platform (driven from Python by {@code bench/openmm_bench.py} on the same configurations and thread count),
 * measured in one run, each case in rounds on both sides in turn, and printed as ratios.
 */
@Command(name = "amber", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = SystemOptions.Tailor.class,
        description = {"AMBER energy+forces and MD throughput against OpenMM's CPU platform, measured in one run.",
            "Cases: one configuration evaluated repeatedly, a batch of 256 configurations (vacuum and OBC1), and",
            "Langevin MD steps/s in vacuum. Needs Debian's /usr/bin/python3 with OpenMM 7.7."})
final class BenchAmberCommand implements Callable<Integer>, SystemOptions.Taken {
    private static final String[] SOLVENTS = {"vacuum", "obc1"};
    private static final int WINDOWS = 5;
    /** At least this long a warm-up per case: on a loaded machine the JIT needs seconds to compile the energy. */
    private static final double WARM_UP_SECONDS = 2;

    @Mixin
    SystemOptions system = new SystemOptions();

    @Option(names = "--coords", description = "Start coordinates (default: the .pdb beside the default prmtop).")
    Path coords;

    /** Threads for batches, and OpenMM's CpuThreads. */
    private int threads;

    @Option(names = "--batch", converter = OptionValues.PositiveInt.class,
            defaultValue = "256", description = "Configurations per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seconds", converter = OptionValues.PositiveDouble.class,
            defaultValue = "3", description = "Measuring time per case and round (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rounds", converter = OptionValues.PositiveInt.class,
            defaultValue = "3", description = "Rounds per case, each measuring both sides in turn; "
            + "each side's best round counts (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--timestep", converter = OptionValues.PositiveDouble.class,
            defaultValue = "0.002", description = "MD time step in ps (default: ${DEFAULT-VALUE}).")
    double timestep;

    @Option(names = "--constraints", defaultValue = "hbonds", description = "MD constraints: hbonds or none (default: ${DEFAULT-VALUE}).")
    String constraints;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with OpenMM (default: ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--script", description = "The OpenMM side (default: bench/openmm_bench.py of the repository).")
    Path script;

    @Override
    public List<SystemOptions.Use> systemOptions() {
        return List.of(SystemOptions.Use.describedDefault("--prmtop", "alanine dipeptide from the data folder"),
                SystemOptions.Use.describedDefault("--threads", "all cores; also OpenMM's CpuThreads"));
    }

    @Override
    public Integer call() throws Exception {
        threads = system.threads(Runtime.getRuntime().availableProcessors());
        if (rounds < 1 || threads < 1 || batch < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("--rounds, --threads and --batch must be at least 1 and --seconds "
                    + "positive; got " + rounds + ", " + threads + ", " + batch + " and " + seconds);
        }
        Path data = Path.of(System.getProperty("boltzflow.data", "data"));
        Path top = system.prmtop != null ? system.prmtop : data.resolve("alanine-dipeptide/alanine-dipeptide.prmtop");
        Path start = coords != null ? coords : data.resolve("alanine-dipeptide/alanine-dipeptide.pdb");
        Path openmmScript = script != null ? script : data.toAbsolutePath().getParent().resolve("bench/openmm_bench.py");
        AmberForceField vacuum = AmberForceField.load(top, Solvent.VACUUM);
        Trajectory configurations = perturbed(CoordinateFiles.read(start, vacuum.topology()).frame(0), batch);
        System.out.printf(Locale.ROOT, "%s, %d atoms, %d threads, batch %d%n", top.getFileName(), vacuum.atomCount(),
                threads, batch);

        Map<String, Rates> java = new LinkedHashMap<>();
        Map<String, Rates> openmm = new LinkedHashMap<>();
        try (OpenMmSide side = new OpenMmSide(openmmScript, top, configurations)) {
            for (String solvent : SOLVENTS) {
                AmberForceField model = AmberForceField.load(top, Solvent.parse(solvent));
                energyCases(model, configurations, solvent, side, java, openmm);
            }
            measure("md-vacuum", mdWork(vacuum, configurations.frame(0)), side, java, openmm);
        }

        System.out.printf(Locale.ROOT, "%-22s %12s %12s %8s %12s %12s %8s %18s %7s%n", "case", "boltzflow/s",
                "OpenMM/s", "ratio", "boltzflow/cs", "OpenMM/cs", "ratio", "round ratios", "target");
        for (Map.Entry<String, Rates> entry : java.entrySet()) {
            Rates ours = entry.getValue();
            Rates theirs = openmm.get(entry.getKey());
            Rate best = ours.best();
            Rate theirBest = theirs.best();
            System.out.printf(Locale.ROOT, "%-22s %12.0f %12.0f %7.1fx %12.0f %12.0f %7.1fx %18s %7s%n",
                    entry.getKey(), best.wall(), theirBest.wall(), best.wall() / theirBest.wall(), best.cpu(),
                    theirBest.cpu(), best.cpu() / theirBest.cpu(), ours.roundRatios(theirs),
                    entry.getKey().startsWith("md") ? ">=10x" : ">=30x");
        }
        System.out.println("/s: per wall-clock second; /cs: per CPU-second of the whole process (less sensitive to other load); "
                + "each case in " + rounds + " rounds, each round measuring the Java code and then OpenMM (best of "
                + WINDOWS + " windows each); the rates are each side's best round, round ratios the lowest, median and "
                + "highest per-round wall-clock ratio; single: one configuration evaluated repeatedly on one thread (OpenMM: setPositions + "
                + "getState(energy, forces) with CpuThreads=" + threads + "); batch: " + batch
                + " configurations on " + threads + " threads; md: BAOAB vs LangevinMiddleIntegrator, " + timestep
                + " ps, constraints " + constraints);
        return 0;
    }

    /** {@code count} copies of {@code xyz} with Gaussian noise of 0.005 nm (seed 0). */
    static Trajectory perturbed(double[] xyz, int count) {
        SplittableRandom random = new SplittableRandom(0);
        List<double[]> frames = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            double[] x = xyz.clone();
            for (int i = 0; i < x.length; i++) {
                x[i] += 0.005 * random.nextGaussian();
            }
            frames.add(x);
        }
        return new Trajectory(xyz.length / 3, frames);
    }

    private void energyCases(AmberForceField model, Trajectory configurations, String solvent, OpenMmSide side,
            Map<String, Rates> java, Map<String, Rates> openmm) throws IOException {
        double[] single = configurations.frame(0);
        double[] forces = new double[single.length];
        double[] sink = new double[1];
        measure("energy-single-" + solvent, () -> {
            for (int r = 0; r < 1000; r++) {
                sink[0] += model.energyAndForces(single, forces);
            }
            return 1000;
        }, side, java, openmm);
        double[] packed = configurations.flatten();
        double[] batchForces = new double[packed.length];
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(model, threads)) {
            measure("energy-batch-" + solvent, () -> {
                sink[0] += evaluator.energiesAndForces(packed, batchForces)[0];
                return configurations.frameCount();
            }, side, java, openmm);
        }
        if (!Double.isFinite(sink[0])) {
            throw new IllegalStateException("non-finite energy in the benchmark configurations");
        }
    }

    /**
     * Measures one case in {@link #rounds} rounds, each the Java code's rate and right after it OpenMM's, so that both
     * sides run in the same phase of the other load on a shared machine, and a phase in which one side runs slow
     * (on the 2-vCPU build machine they come and go within seconds) does not decide the ratio.
     */
    private void measure(String name, LongSupplier work, OpenMmSide side, Map<String, Rates> java,
            Map<String, Rates> openmm) throws IOException {
        Rates ours = new Rates();
        Rates theirs = new Rates();
        for (int round = 0; round < rounds; round++) {
            ours.add(rate(work, round == 0));
            theirs.add(side.rate(name));
        }
        java.put(name, ours);
        openmm.put(name, theirs);
    }

    /** A throughput: items per wall-clock second and per CPU-second of the whole process. */
    record Rate(double wall, double cpu) {}

    /** One side's rates of one case, a rate per round. */
    static final class Rates {
        private final List<Rate> rounds = new ArrayList<>();

        void add(Rate rate) {
            rounds.add(rate);
        }

        /** The best wall-clock and the best CPU-second rate over the rounds. */
        Rate best() {
            return new Rate(rounds.stream().mapToDouble(Rate::wall).max().orElseThrow(),
                    rounds.stream().mapToDouble(Rate::cpu).max().orElseThrow());
        }

        /** The lowest, median and highest per-round wall-clock ratio of these rates to {@code other}'s, as "a/m/bx". */
        String roundRatios(Rates other) {
            double[] ratios = new double[rounds.size()];
            for (int r = 0; r < ratios.length; r++) {
                ratios[r] = rounds.get(r).wall() / other.rounds.get(r).wall();
            }
            Arrays.sort(ratios);
            double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2]
                    : 0.5 * (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]);
            return String.format(Locale.ROOT, "%.1f/%.1f/%.1fx", ratios[0], median, ratios[ratios.length - 1]);
        }
    }

    /**
     * The throughput of {@code work} (which returns the items it did): for each measure the best of
     * {@link #WINDOWS} windows of {@code seconds / WINDOWS} each after a warm-up window, of at least
     * {@link #WARM_UP_SECONDS} in a case's first round (compiled code, not the interpreter's, is measured), so that
     * other load on the machine counts less.
     */
    private Rate rate(LongSupplier work, boolean firstRound) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double bestWall = 0;
        double bestCpu = 0;
        for (int window = 0; window <= WINDOWS; window++) {
            long begin = System.nanoTime();
            long cpuBegin = os.getProcessCpuTime();
            double warmUp = firstRound ? Math.max(WARM_UP_SECONDS, seconds / WINDOWS) : seconds / WINDOWS;
            double length = window == 0 ? warmUp : seconds / WINDOWS;
            long end = begin + (long) (length * 1e9);
            long done = 0;
            while (System.nanoTime() < end) {
                done += work.getAsLong();
            }
            if (window > 0) {
                bestWall = Math.max(bestWall, done / ((System.nanoTime() - begin) * 1e-9));
                bestCpu = Math.max(bestCpu, done / ((os.getProcessCpuTime() - cpuBegin) * 1e-9));
            }
        }
        return new Rate(bestWall, bestCpu);
    }

    private LongSupplier mdWork(AmberForceField model, double[] start) {
        LangevinIntegrator md = new LangevinIntegrator(model, model.topology().masses(),
                new LangevinSettings(ThermodynamicState.at(300), 1, timestep, 1),
                constraints.equalsIgnoreCase("hbonds") ? AmberConstraints.hydrogenBonds(model.prmtop()) : null);
        md.initialize(start);
        return () -> {
            md.run(1000, 1000, null);
            return 1000;
        };
    }

    /**
     * The OpenMM side: {@code bench/openmm_bench.py --serve} in Debian's Python, given the same configurations and
     * thread count, measuring each case named on its standard input and answering with one JSON line.
     */
    private final class OpenMmSide implements AutoCloseable {
        private final Path coordsFile;
        private final Process process;
        private final BufferedWriter requests;
        private final BufferedReader answers;

        OpenMmSide(Path openmmScript, Path top, Trajectory configurations) throws IOException {
            coordsFile = Files.createTempFile("boltzflow-bench", ".npy");
            NpyCoordinates.write(coordsFile, configurations);
            ProcessBuilder builder = new ProcessBuilder(python.toString(), openmmScript.toString(), "--prmtop",
                    top.toString(), "--coords", coordsFile.toString(), "--threads", Integer.toString(threads),
                    "--seconds", Double.toString(seconds), "--timestep", Double.toString(timestep), "--constraints",
                    constraints.toLowerCase(Locale.ROOT), "--serve");
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            process = builder.start();
            requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            answer("its start"); // loaded, so that it does not compete with the first Java case
        }

        /** OpenMM's throughput in case {@code name}. */
        Rate rate(String name) throws IOException {
            requests.write(name + "\n");
            requests.flush();
            JsonObject json = answer("measuring " + name);
            return new Rate(json.get("per_second").getAsDouble(), json.get("per_cpu_second").getAsDouble());
        }

        private JsonObject answer(String what) throws IOException {
            String line = answers.readLine();
            if (line == null) {
                throw new IllegalStateException("the OpenMM side stopped before " + what + " (see above)");
            }
            return JsonParser.parseString(line).getAsJsonObject();
        }

        @Override
        public void close() throws IOException {
            try {
                requests.close();
                int code = process.waitFor();
                if (code != 0) {
                    throw new IllegalStateException("the OpenMM side failed with exit code " + code + " (see above)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the OpenMM side", e);
            } finally {
                process.destroy();
                Files.deleteIfExists(coordsFile);
            }
        }
    }
}
