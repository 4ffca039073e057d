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
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.Mbar;

/**
 * The solvation free energy of alanine dipeptide, vacuum to OBC1 at 300 K, two ways side by side: flow-mapped FEP
 * (MD in vacuum and in OBC1 only, a spline flow in internal coordinates trained to map one onto the other, BAR on the
 * generalized works) and MBAR over alchemical windows {@code E_λ = E_vac + λ (E_obc1 - E_vac)} from MD in each
 * window. Errors: asymptotic, and a block bootstrap over the correlated MD frames (20 blocks per sample set).
 *
 * <pre>./boltzflow script examples/scripts/SolvationFep.java [CHAINS STEPS WINDOW_STEPS SAVE_EVERY WINDOWS TRAIN_STEPS
 *     SEED [CACHE_DIR]]</pre>
 * Per end state: CHAINS Langevin chains (1 fs, 1/ps, 10 000 steps of equilibration) of STEPS steps saved every
 * SAVE_EVERY, and as many of WINDOW_STEPS per intermediate window; WINDOWS equally spaced λ from 0 to 1 (at least 2);
 * with CACHE_DIR, MD frames are kept there and reused by a later run with the same settings; TRAIN_STEPS steps of
 * Adam (learning rate 1e-4, batch 256 per state) for a flow of 2 spline coupling blocks (8 bins, conditioners 32-32).
 * The flow is trained on the first half of each end state's chains and the works use the other half (CHAINS at
 * least 2), so the estimate is not biased by the training. Defaults: 4 250000 50000 250 6 200 1.
 */
public class SolvationFep {
    static final int REPLICATES = 50;

    public static void main(String[] args) throws Exception {
        int chains = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        long steps = args.length > 1 ? Long.parseLong(args[1]) : 250_000;
        long windowSteps = args.length > 2 ? Long.parseLong(args[2]) : 50_000;
        int saveEvery = args.length > 3 ? Integer.parseInt(args[3]) : 250;
        int windows = args.length > 4 ? Integer.parseInt(args[4]) : 6;
        int trainSteps = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        long seed = args.length > 6 ? Long.parseLong(args[6]) : 1;
        Path cache = args.length > 7 ? Path.of(args[7]) : null;
        int threads = 2;
        int blocks = 20;

        Path data = Path.of(System.getProperty("boltzflow.data", "data"), "alanine-dipeptide");
        AmberForceField vacuum = AmberForceField.load(data.resolve("alanine-dipeptide.prmtop"), Solvent.VACUUM);
        AmberForceField obc1 = AmberForceField.create(vacuum.prmtop(), Solvent.OBC1);
        double[] start = CoordinateFiles.read(data.resolve("alanine-dipeptide.pdb"), vacuum.topology()).frame(0);
        double[] masses = vacuum.topology().masses();
        ThermodynamicState gas = new ThermodynamicState(vacuum, 300);
        ThermodynamicState water = new ThermodynamicState(obc1, 300);
        ReferenceMd.Settings md = new ReferenceMd.Settings(chains, 10_000, steps, saveEvery, 0.001, 1.0);
        ReferenceMd.Settings windowMd = new ReferenceMd.Settings(chains, 10_000, windowSteps, saveEvery, 0.001, 1.0);
        long stepsPerState = chains * (md.equilibrationSteps() + steps);

        // Mapped FEP: MD at λ = 0 and λ = 1, a flow trained on both, BAR on the works through it.
        long time = System.nanoTime();
        Trajectory a = md(gas, masses, "vacuum", md, seed, start, cache);
        Trajectory b = md(water, masses, "obc1", md, seed + 1, start, cache);
        // the flow is trained on the first half of each state's chains; the works use the other half only
        Trajectory trainA = half(a, chains, true);
        Trajectory trainB = half(b, chains, true);
        Trajectory testA = half(a, chains, false);
        Trajectory testB = half(b, chains, false);
        MappedFep.Works works;
        long fepEvaluations;
        try (NDManager manager = NDManager.newBaseManager()) {
            MappedFep fep = MappedFep.inInternalCoordinates(manager, vacuum.topology(), gas, water,
                    concat(trainA, trainB), 2, new int[] {32, 32}, 8, seed);
            MappedFep.Works plain = new MappedFep(gas, water, null, List.of()).works(testA, testB, threads);
            fep.train(trainA, trainB, new MappedFep.Training(trainSteps, 256, 1e-4, 100, seed), threads);
            works = fep.works(testA, testB, threads);
            fepEvaluations = 2 * stepsPerState + fep.energyEvaluations();
            report("plain BAR (lambda 0, 1), evaluation half", plain, blocks, seed, gas,
                    2 * stepsPerState + 4L * testA.frameCount());
        }
        report("mapped FEP", works, blocks, seed, gas, fepEvaluations);
        System.out.printf("  MD at lambda 0 and 1, training and works: %.0f s%n", seconds(time));

        // Reference: MBAR over alchemical windows, each frame evaluated in vacuum and OBC1 (all windows mix those).
        time = System.nanoTime();
        List<Trajectory> sets = new ArrayList<>();
        long mdEvaluations = 0;
        for (int k = 0; k < windows; k++) {
            double lambda = k / (windows - 1.0);
            ThermodynamicState window = k == 0 ? gas : k == windows - 1 ? water
                    : new ThermodynamicState(new InterpolatedEnergy(vacuum, obc1, lambda), 300);
            sets.add(k == 0 ? a : k == windows - 1 ? b : md(window, masses, "lambda " + lambda, windowMd, seed + 1 + k,
                    start, cache));
            mdEvaluations += k == 0 || k == windows - 1 ? stepsPerState
                    : 2 * chains * (windowMd.equilibrationSteps() + windowSteps);
        }
        Trajectory pooled = sets.stream().reduce(SolvationFep::concat).orElseThrow();
        ReducedEnergies.Matrix ends = ReducedEnergies.of(List.of(gas, water), List.of(pooled), threads);
        int[] counts = new int[windows];
        for (int k = 0; k < windows; k++) {
            counts[k] = sets.get(k).frameCount();
        }
        Mbar mbar = Mbar.solve(windowEnergies(ends.u(), windows, identity(ends.u()[0].length)), counts);
        double bootstrap = blockBootstrapMbar(ends.u(), counts, blocks, seed);
        double kT = gas.kT();
        double[][] overlap = mbar.overlap();
        double smallest = 1;
        for (int k = 0; k + 1 < windows; k++) {
            smallest = Math.min(smallest, overlap[k][k + 1]);
        }
        Estimate df = mbar.relativeToFirst()[windows - 1];
        long mbarEvaluations = mdEvaluations + 2L * ends.u()[0].length;
        System.out.printf("MBAR, %d windows: dF = %.2f ± %.2f kJ/mol (block bootstrap ± %.2f), %d energy "
                + "evaluations, smallest neighbour overlap %.3f, %.0f s (plus the end states' MD)%n", windows,
                kT * df.value(), kT * df.stdError(), kT * bootstrap, mbarEvaluations, smallest,
                seconds(time));
    }

    static void report(String method, MappedFep.Works works, int blocks, long seed, ThermodynamicState state,
            long evaluations) {
        Estimate df = works.deltaF();
        int[] counts = {works.forward().length, works.reverse().length};
        double[] resampled = new double[REPLICATES];
        for (int r = 0; r < REPLICATES; r++) {
            int[] picked = resampleWithin(counts, blocks, seed, r);
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
        System.out.printf("%s: dF = %.2f ± %.2f kJ/mol (block bootstrap ± %.2f), dissipated work %.3f kT, %d energy "
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

    /** The spread of MBAR's f_last - f_0 over block-bootstrap resamples of every window's frames. */
    static double blockBootstrapMbar(double[][] ends, int[] counts, int blocks, long seed) {
        double[] resampled = new double[REPLICATES];
        for (int r = 0; r < REPLICATES; r++) {
            int[] picked = resampleWithin(counts, blocks, seed, r);
            resampled[r] = Mbar.solve(windowEnergies(ends, counts.length, picked), counts).relativeToFirst()[
                    counts.length - 1].value();
        }
        return spread(resampled);
    }

    /** Pooled indices of resample r: each set's frames (in pooled order) resampled in blocks within the set. */
    static int[] resampleWithin(int[] counts, int blocks, long seed, int r) {
        int[] picked = new int[java.util.Arrays.stream(counts).sum()];
        int offset = 0;
        for (int k = 0; k < counts.length; k++) {
            int[] within = Bootstrap.resample(counts[k], Math.min(blocks, counts[k]), seed + k, r);
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

    /** MD frames of {@code state} (two threads), from {@code cache} if a run with the same settings left them. */
    static Trajectory md(ThermodynamicState state, double[] masses, String name, ReferenceMd.Settings settings,
            long seed, double[] start, Path cache) throws java.io.IOException {
        ReferenceMd md = new ReferenceMd(state, masses, settings, seed);
        return cache == null ? md.run(start, 2, n -> { })
                : md.framesCached(cache, "alanine-dipeptide " + name, start, 2, n -> { }, () -> false);
    }

    /** The frames of the first (or second) half of the chains, which {@code frames} holds in chain order. */
    static Trajectory half(Trajectory frames, int chains, boolean first) {
        int split = frames.frameCount() / chains * (chains / 2);
        return new Trajectory(frames.atomCount(), first ? frames.frames().subList(0, split)
                : frames.frames().subList(split, frames.frameCount()));
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
