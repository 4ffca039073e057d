package org.boltzflow.boltzmann.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.io.NpyCoordinates;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.md.LangevinIntegrator;
import org.boltzflow.boltzmann.md.LangevinSettings;
import org.boltzflow.boltzmann.md.ReplicaExchange;
import org.boltzflow.flows.Parallel;
import org.boltzflow.flows.Rng;
import org.boltzflow.mcmc.Resampling;

/**
 * Reference data for a Boltzmann generator: independent Langevin (BAOAB) chains in Java, chain {@code i} seeded by
 * {@code Rng.derive(seed, i)} and started from one common structure or from a structure of its own, each equilibrated
 * and then saved every {@code saveEvery} steps; the frames of all chains are concatenated in chain order. A chain is
 * either one trajectory at the state's temperature or a replica exchange over a geometric temperature ladder up to
 * {@code maxTemperature}, which crosses the slow basin changes of a peptide that plain chains of a few nanoseconds
 * miss. A replica exchange saves the state's replica, or with {@code pool} every replica, weighted for the state's
 * temperature by MBAR over the ladder and resampled (systematic resampling) to as many equally weighted frames as
 * all replicas recorded, in time order (a frame drawn twice appears twice): more distinct frames of the state's
 * distribution than its replica alone gives, for the same MD. Chains run in parallel but each is computed alone, so
 * the result does not depend on the thread count. The frames are returned in single precision (a float32 rounding of
 * about 1e-7 nm: half the memory, for frames by the million) and cached as a float32 {@code .npy} under a key made
 * of the caller's system key (which names the starting structures), the temperature, the settings and the seed.
 */
public final class ReferenceMd {
    /**
     * Independent Langevin chains without constraints (all bonds sampled): {@code chains} chains, each
     * {@code equilibrationSteps} steps unsaved then {@code steps} steps saved every {@code saveEvery}, time step
     * {@code timestep} ps, friction {@code friction} 1/ps; each chain a replica exchange of {@code replicas}
     * temperatures from the state's to {@code maxTemperature} K (swaps tried every {@code saveEvery} steps), or a
     * plain trajectory for one replica ({@code maxTemperature} and {@code pool} then unused); {@code pool} keeps
     * every replica's frames, weighted for the state's temperature.
     */
    public record Settings(int chains, long equilibrationSteps, long steps, int saveEvery, double timestep,
            double friction, int replicas, double maxTemperature, boolean pool) {
        /** Checks the ranges. */
        public Settings {
            if (chains <= 0 || steps <= 0 || saveEvery <= 0 || equilibrationSteps < 0 || !(timestep > 0)
                    || !(friction > 0) || !Double.isFinite(timestep) || !Double.isFinite(friction)) {
                throw new IllegalArgumentException("md chains, steps, saveEvery, timestep and friction must be > 0, "
                        + "equilibrationSteps >= 0");
            }
            if (saveEvery > steps) {
                throw new IllegalArgumentException("md saveEvery (" + saveEvery + ") is larger than steps (" + steps
                        + "): no frame would be saved");
            }
            if (replicas < 1 || replicas > MAX_REPLICAS || !Double.isFinite(maxTemperature)) {
                throw new IllegalArgumentException("md replicas must be between 1 and " + MAX_REPLICAS
                        + " and maxTemperature a finite number, got " + replicas + " and " + maxTemperature);
            }
            if (replicas > 1 && (steps + equilibrationSteps > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("md steps of a replica exchange must stay below 2^31, got "
                        + (steps + equilibrationSteps));
            }
        }

        /** Plain chains: one replica each. */
        public Settings(int chains, long equilibrationSteps, long steps, int saveEvery, double timestep,
                double friction) {
            this(chains, equilibrationSteps, steps, saveEvery, timestep, friction, 1, 0, false);
        }
    }

    private static final int MAX_REPLICAS = 64;

    private final ThermodynamicState state;
    private final double[] masses;
    private final Settings settings;
    private final long seed;

    /** MD of {@code state} (its model's atoms of {@code masses} amu) with {@code settings}. */
    public ReferenceMd(ThermodynamicState state, double[] masses, Settings settings, long seed) {
        if (state.model() == null) {
            throw new IllegalArgumentException("reference MD needs a state with an energy model");
        }
        if (settings.replicas() > 1 && !(settings.maxTemperature() > state.temperature())) {
            throw new IllegalArgumentException("md maxTemperature (" + settings.maxTemperature() + " K) must be above "
                    + "the temperature (" + state.temperature() + " K) for a replica exchange");
        }
        this.state = state;
        this.masses = masses.clone();
        this.settings = settings;
        this.seed = seed;
    }

    /**
     * The frames from {@code cacheDir} if an earlier run with the same inputs left them there, else runs the chains
     * from {@code start} (reporting every completed step to {@code progress}) and caches the result. The cache is
     * found by {@code systemKey}, which must identify the energy model (e.g. the prmtop's path and {@link
     * #contentKey content} and the solvent), the temperature, the settings, the seed and the starting structures.
     */
    public Trajectory framesCached(Path cacheDir, String systemKey, double[] start, int threads, LongConsumer progress,
            BooleanSupplier stop) throws IOException {
        return framesCached(cacheDir, systemKey, sameStart(start), threads, progress, stop);
    }

    /**
     * As {@link #framesCached(Path, String, double[], int, LongConsumer, BooleanSupplier)} with chain {@code i}
     * started from {@code starts.get(i)}.
     */
    public Trajectory framesCached(Path cacheDir, String systemKey, List<double[]> starts, int threads,
            LongConsumer progress, BooleanSupplier stop) throws IOException {
        Path cached = cacheDir.resolve("md-" + cacheKey(systemKey, starts) + ".npy");
        if (Files.exists(cached)) {
            Trajectory frames = NpyCoordinates.read(cached);
            if (frames.atomCount() == masses.length && frames.frameCount() == expectedFrames()) {
                frames.requireFinite(cached.toString());
                return frames;
            }
        }
        Trajectory frames = run(starts, threads, progress, stop);
        if (frames != null) {
            NpyCoordinates.write(cached, frames);
        }
        return frames;
    }

    /** The number of frames a run produces. */
    public int expectedFrames() {
        int saved = settings.pool() ? settings.replicas() : 1;
        return Math.toIntExact(settings.chains() * saved * (settings.steps() / settings.saveEvery()));
    }

    /** Runs all chains from {@code start} on {@code threads} threads. */
    public Trajectory run(double[] start, int threads, LongConsumer progress) throws IOException {
        return run(start, threads, progress, () -> false);
    }

    /**
     * Runs all chains from {@code start} on {@code threads} threads; returns null if {@code stop} turned true, which
     * every chain checks every {@code saveEvery} steps.
     */
    public Trajectory run(double[] start, int threads, LongConsumer progress, BooleanSupplier stop)
            throws IOException {
        return run(sameStart(start), threads, progress, stop);
    }

    /**
     * As {@link #run(double[], int, LongConsumer, BooleanSupplier)} with chain {@code i} started from
     * {@code starts.get(i)}.
     */
    public Trajectory run(List<double[]> starts, int threads, LongConsumer progress, BooleanSupplier stop)
            throws IOException {
        if (starts.size() != settings.chains()) {
            throw new IllegalArgumentException("reference MD has " + settings.chains() + " chains but "
                    + starts.size() + " starting structures");
        }
        int parallel = Math.max(1, Math.min(threads, settings.chains()));
        int threadsPerChain = Math.max(1, threads / parallel);
        List<List<double[]>> chains;
        try {
            chains = Parallel.map(settings.chains(), parallel, c -> {
                long chainSeed = Rng.derive(seed, c);
                double[] start = starts.get(c);
                return settings.replicas() == 1 ? chain(start, chainSeed, progress, stop)
                        : exchangeChain(start, chainSeed, threadsPerChain, progress, stop);
            }, chain -> {});
        } catch (RuntimeException e) {
            throw new IOException("reference MD failed: " + e.getMessage(), e);
        }
        List<double[]> frames = new ArrayList<>();
        chains.forEach(frames::addAll);
        return stop.getAsBoolean() ? null : Trajectory.singlePrecision(masses.length, frames);
    }

    private List<double[]> chain(double[] start, long chainSeed, LongConsumer progress, BooleanSupplier stop) {
        LangevinSettings langevin = new LangevinSettings(state, settings.friction(), settings.timestep(), chainSeed);
        LangevinIntegrator integrator = new LangevinIntegrator(state.model(), masses, langevin, null);
        integrator.initialize(start);
        int every = settings.saveEvery();
        List<double[]> frames = new ArrayList<>();
        try {
            integrator.run(settings.equilibrationSteps(), every, (step, state) -> {
                progress.accept(every);
                stopIf(stop);
            });
            integrator.run(settings.steps(), every, (step, state) -> {
                stopIf(stop);
                frames.add(finite(state.positions(), step).clone());
                progress.accept(every);
            });
        } catch (Stopped stopped) {
            frames.clear();
        }
        return frames;
    }

    /**
     * One chain as a replica exchange over {@link #ladder}: replica k on {@code Rng.derive(chainSeed, k)}, swaps every
     * {@code saveEvery} steps, the state's replica saved after each, or with {@code pool} all replicas weighted by
     * MBAR and resampled with {@code Rng.derive(chainSeed, -2)}.
     */
    private List<double[]> exchangeChain(double[] start, long chainSeed, int threads, LongConsumer progress,
            BooleanSupplier stop) {
        int every = settings.saveEvery();
        ReplicaExchange exchange = new ReplicaExchange(state, ladder(), masses, settings.timestep(),
                settings.friction(), chainSeed);
        ReplicaExchange.Result result;
        try {
            result = exchange.run(start, (int) settings.equilibrationSteps(), (int) settings.steps(), every, every,
                    threads, settings.pool(), () -> {
                        stopIf(stop);
                        progress.accept((long) every * settings.replicas());
                    });
        } catch (Stopped stopped) {
            return new ArrayList<>();
        }
        for (double[][] replica : result.replicaSamples()) {
            for (int i = 0; i < replica.length; i++) {
                finite(replica[i], (i + 1L) * every);
            }
        }
        if (!settings.pool()) {
            return new ArrayList<>(Arrays.asList(result.samples()));
        }
        ReplicaExchange.Pooled pooled = result.pooled();
        int[] picked = Resampling.systematic(pooled.logWeights(), Rng.derive(chainSeed, -2));
        return Arrays.stream(picked).mapToObj(i -> pooled.samples()[i]).collect(Collectors.toList());
    }

    /** The replica temperatures: geometric from the state's temperature to {@code maxTemperature}. */
    public double[] ladder() {
        return ReplicaExchange.geometricLadder(state.temperature(), settings.maxTemperature(), settings.replicas());
    }

    private static double[] finite(double[] positions, long step) {
        for (double v : positions) {
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("reference MD blew up at step " + step
                        + " (non-finite positions); lower the time step");
            }
        }
        return positions;
    }

    private List<double[]> sameStart(double[] start) {
        return Collections.nCopies(settings.chains(), start);
    }

    private static void stopIf(BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            throw new Stopped();
        }
    }

    /** Leaves a chain's integration loop when a stop was requested. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** The total number of steps, equilibration included, for a progress bar. */
    public long totalSteps() {
        return settings.chains() * settings.replicas() * (settings.equilibrationSteps() + settings.steps());
    }

    /** The SHA-256 of {@code file}'s bytes in hex, for a {@code systemKey} that changes when the file does. */
    public static String contentKey(Path file) throws IOException {
        return HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file)));
    }

    private String cacheKey(String systemKey, List<double[]> starts) {
        String text = systemKey + "|" + state.temperature() + "|" + settings + "|" + seed + "|float32";
        MessageDigest digest = sha256();
        digest.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.ByteBuffer bits = java.nio.ByteBuffer.allocate(Double.BYTES);
        for (int chain = 0; chain < starts.size(); chain++) {
            double[] start = starts.get(chain);
            if (start == null) {
                throw new IllegalArgumentException("reference MD needs the starting structure of chain " + chain
                        + " to find or make its cache");
            }
            for (double v : start) {
                digest.update(bits.clear().putDouble(v).array());
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
