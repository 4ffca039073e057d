package org.boltzflow.cli;

import java.io.IOException;
import org.boltzflow.report.Metrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.ReducedEnergies;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.boltzflow.mcmc.estimators.Estimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow estimate}: free energies as pymbar users compute them. From weighted samples (flow samples with
 * their weights, or MD without): ESS, state populations and ΔF between the first two states with bootstrap error
 * bars, free-energy surfaces along CVs ({@code --pmf}), optionally reweighted to another temperature
 * ({@code --reweight-temperature}). {@code --bar}: ΔF between two thermodynamic states. {@code --mbar}: MBAR over
 * sample sets with their states, or over pymbar's own {@code u_kn}/{@code N_k} arrays ({@link MbarEstimate}).
 * JSON to {@code --out}, with CSV and PNG beside it.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = SystemOptions.Tailor.class,
        description = "ESS, state populations, dF and free-energy surfaces (bootstrap error bars); BAR between two "
                + "states; MBAR over sample sets or pymbar's u_kn/N_k.")
final class EstimateCommand implements Callable<Integer>, SystemOptions.Taken {
    private static final String ALANINE = "alanine-dipeptide/phi-psi.json";
    private static final double SMALL_ESS = 0.1;

    @Mixin
    SystemOptions system;

    @Option(names = "--samples", description = "Samples (.dcd, .pdb or .npy in nm); for --bar: those of state A.")
    Path samples;

    @Option(names = "--weights", description = "Importance weights (.npy, non-negative); default: equal weights.")
    Path weights;

    @Option(names = "--log-weights", description = "Log importance weights (.npy), instead of --weights.")
    Path logWeights;

    @Option(names = "--cvs", description = "Collective variables and states (JSON); default: alanine dipeptide's "
            + "phi/psi and its four basins (data/" + ALANINE + ").")
    Path cvFile;

    @Option(names = "--cv", description = "A collective variable NAME=dihedral:a,b,c,d (or angle:a,b,c, "
            + "distance:a,b, rmsd:file[:atoms]); atoms as 0-based indices, NAME or RES:NAME; repeat. Replaces --cvs.")
    List<String> cvs;

    @Option(names = "--state", description = "A state NAME:cv=lo..hi[,cv2=lo..hi] (degrees for angles, nm for "
            + "lengths; lo > hi wraps for dihedrals); repeat; dF is between the first two. Replaces the file's states.")
    List<String> states;

    @Option(names = "--pmf", description = "Free-energy surface along CV or CV1,CV2 (kJ/mol, bootstrap errors); "
            + "writes <out>.pmf.csv and <out>.pmf.png. With --mbar: in the first --eval state (else the first --set "
            + "state) from MBAR weights.")
    String pmf;

    @Option(names = "--bins", defaultValue = "36", description = "Bins per CV of --pmf (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--blocks", description = "Bootstrap over this many contiguous blocks (correlated samples such "
            + "as MD frames); default: sample by sample.")
    Integer blocks;

    @Option(names = "--reweight-temperature", description = "Reweight the samples from --temperature to this "
            + "temperature (K) before estimating; reports the ESS and warns when it is small.")
    Double reweightTemperature;

    @Option(names = "--energies", description = "Potential energies of the samples (.npy, kJ/mol) for "
            + "--reweight-temperature; default: computed with --prmtop and --solvent.")
    Path energies;

    @Option(names = "--seed", defaultValue = "1", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bar", description = "BAR between state A (--samples, --solvent, --temperature) and state B "
            + "(--samples-b, --solvent-b, --temperature-b).")
    boolean bar;

    @Option(names = "--samples-b", description = "Samples of state B for --bar.")
    Path samplesB;

    @Option(names = "--solvent-b", description = "Solvent of state B (default: state A's).")
    String solventB;

    @Option(names = "--temperature-b", description = "Temperature of state B in K (default: state A's).")
    Double temperatureB;

    @Option(names = "--mbar", description = "MBAR over --set sample sets (with --prmtop), or over --u-kn and --n-k.")
    boolean mbar;

    @Option(names = "--set", description = "For --mbar: a sample set FILE,TEMPERATURE[,SOLVENT] (default solvent: "
            + "--solvent); repeat, one per sampled state.")
    List<String> sets;

    @Option(names = "--eval", description = "For --mbar: a state TEMPERATURE[,SOLVENT] with no samples, only "
            + "evaluated (e.g. temperatures between the sampled ones); repeat.")
    List<String> evaluated;

    @Option(names = "--decorrelate", description = "For --mbar: per sampled state, drop the samples before its "
            + "equilibration and keep uncorrelated ones (pymbar's detectEquilibration and subsampleCorrelatedData on "
            + "each sample's reduced energy in its own state; samples in time order).")
    boolean decorrelate;

    @Option(names = "--u-kn", description = "For --mbar: pymbar's reduced energies u_kn (.npy, K x N, float64).")
    Path uKn;

    @Option(names = "--n-k", description = "For --mbar: pymbar's sample counts N_k (.npy, K).")
    Path nK;

    @Option(names = "--observable", description = "For --mbar with --u-kn: one value per sample (.npy); writes its "
            + "expectation in every state with uncertainties, as pymbar's computeExpectations.")
    Path observable;

    @Option(names = "--out", description = "Write the estimates here as JSON (CSV and PNG files go beside it).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public List<SystemOptions.Use> systemOptions() {
        return List.of(SystemOptions.Use.of("--prmtop", null), SystemOptions.Use.of("--temperature", "300"),
                SystemOptions.Use.of("--solvent", "obc1"), SystemOptions.Use.of("--threads", "2"));
    }

    @Override
    public Integer call() throws Exception {
        if (reweightTemperature != null) {
            requirePositive(reweightTemperature, "--reweight-temperature");
        }
        if (temperatureB != null) {
            requirePositive(temperatureB, "--temperature-b");
        }
        PrintWriter console = spec.commandLine().getOut();
        Metrics metrics;
        if (mbar) {
            metrics = new MbarEstimate(this, console).run();
        } else {
            require(system.prmtop, "--prmtop");
            require(samples, "--samples");
            metrics = bar ? bar(console) : weighted(console);
        }
        console.flush();
        if (out != null) {
            metrics.write(out);
        }
        return 0;
    }

    private Metrics weighted(PrintWriter console) throws Exception {
        var prm = PrmtopReader.read(system.prmtop);
        AmberForceField ff = AmberForceField.create(prm, Solvent.parse(system.solvent));
        Trajectory trajectory = CoordinateFiles.read(samples, ff.topology());
        if (weights != null && logWeights != null) {
            throw new IllegalArgumentException("give --weights or --log-weights, not both");
        }
        CvDefinition definition = definition(ff);
        WeightedEnsemble ensemble = weights != null ? WeightedEnsemble.ofWeights(trajectory, Npy.read(weights).data())
                : WeightedEnsemble.of(trajectory, logWeights == null ? null : Npy.read(logWeights).data());
        ThermodynamicState state = new ThermodynamicState(ff, system.temperature);
        Metrics m = new Metrics().put("samples", ensemble.size());
        if (reweightTemperature != null) {
            ThermodynamicState target = state.atTemperature(reweightTemperature);
            double[] e = energies != null ? Npy.read(energies).data() : energies(ff, trajectory);
            if (e.length != ensemble.size()) {
                throw new IllegalArgumentException("--energies has " + e.length + " values for " + ensemble.size()
                        + " samples");
            }
            double[] reweighted = ReducedEnergies.reweight(ensemble.logWeights(), e, state, target);
            ensemble = WeightedEnsemble.of(trajectory, reweighted);
            state = target;
            m.put("reweighted_to_temperature", reweightTemperature);
            if (out != null) {
                Npy.write(FreeEnergyOutputs.sibling(out, ".log_weights.npy"), new NpyArray(reweighted, new int[] {reweighted.length}));
            }
        }
        if (blocks != null) {
            ensemble = ensemble.inBlocks(blocks);
        }
        Estimate ess = ensemble.essFraction(seed);
        console.printf("%d samples, ESS fraction %s (%.0f effective samples)%s%n", ensemble.size(), ess,
                ess.value() * ensemble.size(), reweightTemperature == null ? ""
                        : String.format(" after reweighting from %.1f K to %.1f K", system.temperature,
                                reweightTemperature));
        if (ess.value() < SMALL_ESS) {
            console.printf("warning: the ESS fraction %.3g is small; estimates rest on few samples%n", ess.value());
            m.put("warning", "small ESS");
        }
        m.put("ess", ess.value()).put("ess_err", ess.stdError()).put("temperature", state.temperature());
        List<State> chosen = definition.states();
        Map<String, Estimate> populations = ensemble.populations(chosen, seed);
        populations.forEach((name, p) -> {
            console.printf("  P(%s) = %s%n", name, p);
            m.put("population_" + name, p.value()).put("population_" + name + "_err", p.stdError());
        });
        if (chosen.size() >= 2) {
            Estimate dF = ensemble.deltaF(chosen.get(0), chosen.get(1), state, seed);
            console.printf("dF = F(%s) - F(%s) = %s kJ/mol%n", chosen.get(0).name(), chosen.get(1).name(), dF);
            m.put("delta_f_kj_mol", dF.value()).put("delta_f_err_kj_mol", dF.stdError());
        }
        if (pmf != null) {
            FreeEnergyOutputs.pmf(ensemble, definition, pmf, bins, state, seed, requireOut("--pmf"), console);
        }
        return m;
    }

    private Metrics bar(PrintWriter console) throws Exception {
        require(samplesB, "--samples-b");
        var prm = PrmtopReader.read(system.prmtop);
        AmberForceField a = AmberForceField.create(prm, Solvent.parse(system.solvent));
        AmberForceField b = AmberForceField.create(prm, Solvent.parse(solventB == null ? system.solvent : solventB));
        ThermodynamicState stateA = new ThermodynamicState(a, system.temperature);
        ThermodynamicState stateB = new ThermodynamicState(b, temperatureB == null ? system.temperature
                : temperatureB);
        Estimate reduced = ReducedEnergies.bar(stateA, stateB, CoordinateFiles.read(samples, a.topology()),
                CoordinateFiles.read(samplesB, b.topology()), system.threads);
        boolean sameT = stateA.temperature() == stateB.temperature();
        Estimate kj = sameT ? new Estimate(stateA.kT() * reduced.value(), stateA.kT() * reduced.stdError())
                : new Estimate(Double.NaN, Double.NaN);
        console.printf("BAR: f_B - f_A = %s kT%s%n", reduced, sameT ? ", dF = " + kj + " kJ/mol" : "");
        return new Metrics().put("delta_f_reduced", reduced.value()).put("delta_f_reduced_err", reduced.stdError())
                .put("delta_f_kj_mol", kj.value()).put("delta_f_err_kj_mol", kj.stdError());
    }

    /** The CVs and states of --cv/--state or --cvs (default: alanine dipeptide's). */
    CvDefinition definition(AmberForceField ff) throws IOException {
        if (cvs != null) {
            return CvDefinition.parse(cvs, states == null ? List.of() : states, ff.topology(), Path.of(""));
        }
        Path file = cvFile != null ? cvFile : Path.of(System.getProperty("boltzflow.data", "data"), ALANINE);
        CvDefinition read = CvDefinition.read(file, ff.topology());
        return states == null ? read : read.withStates(states);
    }

    Path requireOut(String option) {
        if (out == null) {
            throw new IllegalArgumentException(option + " needs --out (the CSV and PNG go beside it)");
        }
        return out;
    }

    static <T> T require(T value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " is required");
        }
        return value;
    }

    private static void requirePositive(double value, String option) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive temperature in K, got " + value);
        }
    }

    private double[] energies(AmberForceField ff, Trajectory trajectory) {
        double[] xyz = trajectory.flatten();
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(ff, system.threads)) {
            return evaluator.energiesAndForces(xyz, new double[xyz.length]);
        }
    }
}
