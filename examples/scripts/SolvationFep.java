import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.energy.InterpolatedEnergy;
import org.boltzflow.boltzmann.energy.ReducedEnergies;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.freeenergy.MappedFep;
import org.boltzflow.boltzmann.generator.ReferenceMd;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.flows.Rng;
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.Mbar;

/**
 * The solvation free energy of alanine dipeptide, vacuum to OBC1 at 300 K, two ways side by side: flow-mapped FEP
 * (MD in vacuum and in OBC1 only, a spline flow in internal coordinates trained to map one onto the other, BAR on the
 * generalized works) and MBAR over alchemical windows {@code E_λ = E_vac + λ (E_obc1 - E_vac)} from MD in each
 * window. Every chain of every state starts from its own equilibrium structure: two seeding chains at that state,
 * from the PDB, give one structure every SPACING steps. Errors: asymptotic, and a bootstrap over the chains (each
 * chain resampled whole within its state), which holds the slow backbone modes that frames of one chain do not.
 *
 * <pre>./boltzflow script examples/scripts/SolvationFep.java [CHAINS SPACING STEPS WINDOW_STEPS SAVE_EVERY WINDOWS
 *     TRAIN_STEPS SEED [CACHE_DIR]]</pre>
 * Per state: CHAINS Langevin chains (1 fs, 1/ps, 2 000 steps of equilibration from their structure; CHAINS even) of
 * STEPS steps at the end states and WINDOW_STEPS at the intermediate windows, saved every SAVE_EVERY; the seeding
 * chains equilibrate 10 000 steps first. WINDOWS equally spaced λ from 0 to 1 (at least 2). With CACHE_DIR, MD frames
 * are kept there and reused by a later run with the same settings. Mapped FEP is cross-fitted: one flow (2 spline
 * coupling blocks, 8 bins, conditioners 32-32, TRAIN_STEPS steps of Adam at learning rate 1e-4, batch 256 per state)
 * is trained on the first half of each end state's chains and gives the works of the second half, another one the
 * other way round, so every chain has works from a flow that did not see it. Defaults: 8 50000 100000 50000 250 6 200
 * 1.
 */
public class SolvationFep {
    static final int REPLICATES = 100;

    public static void main(String[] args) throws Exception {
        int chains = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int spacing = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        long steps = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
        long windowSteps = args.length > 3 ? Long.parseLong(args[3]) : 50_000;
        int saveEvery = args.length > 4 ? Integer.parseInt(args[4]) : 250;
        int windows = args.length > 5 ? Integer.parseInt(args[5]) : 6;
        int trainSteps = args.length > 6 ? Integer.parseInt(args[6]) : 200;
        long seed = args.length > 7 ? Long.parseLong(args[7]) : 1;
        Path cache = args.length > 8 ? Path.of(args[8]) : null;
        if (chains < 2 || chains % 2 != 0 || windows < 2) {
            System.err.println("CHAINS must be even and at least 2, WINDOWS at least 2");
            System.exit(2);
        }
        int threads = 2;

        Path data = Path.of(System.getProperty("boltzflow.data", "data"), "alanine-dipeptide");
        AmberForceField vacuum = AmberForceField.load(data.resolve("alanine-dipeptide.prmtop"), Solvent.VACUUM);
        AmberForceField obc1 = AmberForceField.create(vacuum.prmtop(), Solvent.OBC1);
        double[] start = CoordinateFiles.read(data.resolve("alanine-dipeptide.pdb"), vacuum.topology()).frame(0);
        ThermodynamicState gas = new ThermodynamicState(vacuum, 300);
        ThermodynamicState water = new ThermodynamicState(obc1, 300);
        Protocol protocol = new Protocol(vacuum.topology().masses(), start, chains, spacing, saveEvery, seed, cache);

        // Mapped FEP: MD at λ = 0 and λ = 1, two cross-fitted flows, BAR on the works through them.
        long time = System.nanoTime();
        Sampled a = protocol.sample(gas, "vacuum", steps, 1, 0);
        Sampled b = protocol.sample(water, "obc1", steps, 1, windows - 1);
        long mdEvaluations = a.evaluations() + b.evaluations();
        MappedFep.Works plain = new MappedFep(gas, water, null, List.of()).works(a.frames(), b.frames(), threads);
        // plain BAR needs each frame's energy in both states
        report("plain BAR (lambda 0, 1)", plain, chains, seed, gas,
                mdEvaluations + 2L * (a.frames().frameCount() + b.frames().frameCount()));
        Trajectory[] halvesA = {half(a.frames(), chains, true), half(a.frames(), chains, false)};
        Trajectory[] halvesB = {half(b.frames(), chains, true), half(b.frames(), chains, false)};
        double[][] forward = new double[2][];
        double[][] reverse = new double[2][];
        long fepEvaluations = mdEvaluations;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int fold = 0; fold < 2; fold++) {
                MappedFep fep = MappedFep.inInternalCoordinates(manager, vacuum.topology(), gas, water,
                        concat(halvesA[fold], halvesB[fold]), 2, new int[] {32, 32}, 8, seed + fold);
                fep.train(halvesA[fold], halvesB[fold],
                        new MappedFep.Training(trainSteps, 256, 1e-4, 100, seed + fold), threads);
                MappedFep.Works works = fep.works(halvesA[1 - fold], halvesB[1 - fold], threads);
                forward[1 - fold] = works.forward();
                reverse[1 - fold] = works.reverse();
                fepEvaluations += fep.energyEvaluations();
            }
        }
        report("mapped FEP", new MappedFep.Works(join(forward), join(reverse)), chains, seed, gas, fepEvaluations);
        System.out.printf("  MD at lambda 0 and 1, training and works: %.0f s%n", seconds(time));

        // Reference: MBAR over alchemical windows, each frame evaluated in vacuum and OBC1 (all windows mix those).
        time = System.nanoTime();
        List<Trajectory> sets = new ArrayList<>(List.of(a.frames()));
        long mbarEvaluations = mdEvaluations;
        for (int k = 1; k < windows - 1; k++) {
            double lambda = k / (windows - 1.0);
            ThermodynamicState window = new ThermodynamicState(new InterpolatedEnergy(vacuum, obc1, lambda), 300);
            Sampled sampled = protocol.sample(window, "lambda " + lambda, windowSteps, 2, k);
            sets.add(sampled.frames());
            mbarEvaluations += sampled.evaluations();
        }
        sets.add(b.frames());
        Trajectory pooled = sets.stream().reduce(SolvationFep::concat).orElseThrow();
        ReducedEnergies.Matrix ends = ReducedEnergies.of(List.of(gas, water), List.of(pooled), threads);
        int[] counts = sets.stream().mapToInt(Trajectory::frameCount).toArray();
        Mbar mbar = Mbar.solve(windowEnergies(ends.u(), windows, identity(ends.u()[0].length)), counts);
        double bootstrap = chainBootstrapMbar(ends.u(), counts, chains, seed);
        double kT = gas.kT();
        double[][] overlap = mbar.overlap();
        double smallest = 1;
        for (int k = 0; k + 1 < windows; k++) {
            smallest = Math.min(smallest, overlap[k][k + 1]);
        }
        Estimate df = mbar.relativeToFirst()[windows - 1];
        mbarEvaluations += 2L * ends.u()[0].length;
        System.out.printf("MBAR, %d windows: dF = %.2f ± %.2f kJ/mol (chain bootstrap ± %.2f), %d energy "
                + "evaluations, smallest neighbour overlap %.3f, %.0f s (plus the end states' MD)%n", windows,
                kT * df.value(), kT * df.stdError(), kT * bootstrap, mbarEvaluations, smallest,
                seconds(time));
    }

    /** Frames of one state's chains and the energy evaluations their MD took, seeding included. */
    record Sampled(Trajectory frames, long evaluations) {
    }

    /**
     * How every state is sampled: two seeding chains from {@code start} give one structure every {@code spacing}
     * steps after 10 000 steps of equilibration, then {@code chains} chains run from one of them each.
     */
    record Protocol(double[] masses, double[] start, int chains, int spacing, int saveEvery, long seed, Path cache) {
        /** MD of {@code state} (index {@code k} of the states, for its seeds) with {@code models} energies a step. */
        Sampled sample(ThermodynamicState state, String name, long steps, int models, int k)
                throws java.io.IOException {
            ReferenceMd.Settings seeding = new ReferenceMd.Settings(2, 10_000, (long) chains / 2 * spacing, spacing,
                    0.001, 1.0);
            ReferenceMd.Settings production = new ReferenceMd.Settings(chains, 2_000, steps, saveEvery, 0.001, 1.0);
            ReferenceMd seeder = new ReferenceMd(state, masses, seeding, Rng.derive(seed, 2L * k));
            ReferenceMd md = new ReferenceMd(state, masses, production, Rng.derive(seed, 2L * k + 1));
            Trajectory frames;
            if (cache == null) {
                frames = md.run(seeder.run(start, 2, n -> { }).frames(), 2, n -> { }, () -> false);
            } else {
                String key = "alanine-dipeptide " + name;
                List<double[]> starts = seeder.framesCached(cache, key + " seeding", start, 2, n -> { }, () -> false)
                        .frames();
                frames = md.framesCached(cache, key + " from " + seeding + " seed " + Rng.derive(seed, 2L * k),
                        starts, 2, n -> { }, () -> false);
            }
            return new Sampled(frames, models * (seeder.totalSteps() + md.totalSteps()));
        }
    }

    /** Prints BAR's dF with its asymptotic and chain-bootstrap errors ({@code chains} chains per state). */
    static void report(String method, MappedFep.Works works, int chains, long seed, ThermodynamicState state,
            long evaluations) {
        Estimate df = works.deltaF();
        int[] counts = {works.forward().length, works.reverse().length};
        double[] resampled = new double[REPLICATES];
        for (int r = 0; r < REPLICATES; r++) {
            int[] picked = resampleWithin(counts, chains, seed, r);
            double[] forward = new double[counts[0]];
            double[] reverse = new double[counts[1]];
            for (int i = 0; i < counts[0]; i++) {
                forward[i] = works.forward()[picked[i]];
            }
            for (int i = 0; i < counts[1]; i++) {
                reverse[i] = works.reverse()[picked[counts[0] + i] - counts[0]];
            }
            resampled[r] = new MappedFep.Works(forward, reverse).deltaF().value();
        }
        System.out.printf("%s: dF = %.2f ± %.2f kJ/mol (chain bootstrap ± %.2f), dissipated work %.3f kT, %d energy "
                + "evaluations%n", method, state.kT() * df.value(), state.kT() * df.stdError(),
                state.kT() * spread(resampled), works.meanDissipation(), evaluations);
    }

    /** u_kn of the windows from the end states' reduced energies of the pooled frames {@code picked}. */
    static double[][] windowEnergies(double[][] ends, int windows, int[] picked) {
        double[][] u = new double[windows][picked.length];
        for (int k = 0; k < windows; k++) {
            double lambda = k / (windows - 1.0);
            for (int n = 0; n < picked.length; n++) {
                u[k][n] = (1 - lambda) * ends[0][picked[n]] + lambda * ends[1][picked[n]];
            }
        }
        return u;
    }

    /** The spread of MBAR's f_last - f_0 over resamples of every window's chains ({@code chains} per window). */
    static double chainBootstrapMbar(double[][] ends, int[] counts, int chains, long seed) {
        double[] resampled = new double[REPLICATES];
        for (int r = 0; r < REPLICATES; r++) {
            int[] picked = resampleWithin(counts, chains, seed, r);
            resampled[r] = Mbar.solve(windowEnergies(ends, counts.length, picked), counts).relativeToFirst()[
                    counts.length - 1].value();
        }
        return spread(resampled);
    }

    /**
     * Pooled indices of resample r: each set's frames (in pooled order, {@code chains} equal chains per set) resampled
     * chain by chain within the set.
     */
    static int[] resampleWithin(int[] counts, int chains, long seed, int r) {
        int[] picked = new int[java.util.Arrays.stream(counts).sum()];
        int offset = 0;
        for (int k = 0; k < counts.length; k++) {
            int[] within = Bootstrap.resample(counts[k], chains, seed + k, r);
            for (int i = 0; i < within.length; i++) {
                picked[offset + i] = offset + within[i];
            }
            offset += counts[k];
        }
        return picked;
    }

    static double spread(double[] values) {
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double sumSquares = 0;
        for (double v : values) {
            sumSquares += (v - mean) * (v - mean);
        }
        return Math.sqrt(sumSquares / (values.length - 1));
    }

    static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** The frames of the first (or second) half of the chains, which {@code frames} holds in chain order. */
    static Trajectory half(Trajectory frames, int chains, boolean first) {
        int split = frames.frameCount() / chains * (chains / 2);
        return new Trajectory(frames.atomCount(), first ? frames.frames().subList(0, split)
                : frames.frames().subList(split, frames.frameCount()));
    }

    static double[] join(double[][] parts) {
        return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    static Trajectory concat(Trajectory a, Trajectory b) {
        List<double[]> frames = new ArrayList<>(a.frames());
        frames.addAll(b.frames());
        return new Trajectory(a.atomCount(), frames);
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) * 1e-9;
    }
}
