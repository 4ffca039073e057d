package org.boltzflow.cli;

import org.boltzflow.report.Metrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.examples.estimate.TwoStateBar;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.mcmc.estimators.Estimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow estimate}: the free-energy script. From weighted samples (flow samples with their weights, or MD
 * without): ESS, populations of states in collective-variable space and ΔF between the first two, with bootstrap
 * error bars. With
 * {@code --bar}: ΔF between two thermodynamic states (temperatures or solvents) from samples of each, by BAR.
 * Writes {@code --out} as JSON if given. The same numbers come from the Java API ({@link WeightedEnsemble},
 * {@link TwoStateBar}).
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "ESS, region populations and free-energy differences (bootstrap error bars), or BAR between "
                + "two states.")
final class EstimateCommand implements Callable<Integer> {
    private static final String ALANINE = "alanine-dipeptide/phi-psi.json";

    @Option(names = "--prmtop", required = true, description = "AMBER topology of the samples.")
    Path prmtop;

    @Option(names = "--samples", description = "Samples (.dcd, .pdb or .npy in nm); for --bar: those of state A.")
    Path samples;

    @Option(names = "--weights", description = "Importance weights (.npy, non-negative); default: equal weights.")
    Path weights;

    @Option(names = "--log-weights", description = "Log importance weights (.npy), instead of --weights.")
    Path logWeights;

    @Option(names = "--temperature", defaultValue = "300", description = "Temperature in K (default: ${DEFAULT-VALUE}); for --bar: state A's.")
    double temperature;

    @Option(names = "--cvs", description = "Collective variables and states (JSON); default: alanine dipeptide's "
            + "phi/psi and its four basins (data/" + ALANINE + ").")
    Path cvFile;

    @Option(names = "--cv", description = "A collective variable NAME=dihedral:a,b,c,d (or angle:a,b,c, "
            + "distance:a,b, rmsd:file[:atoms]); atoms as 0-based indices, NAME or RES:NAME; repeat. Replaces --cvs.")
    List<String> cvs;

    @Option(names = "--state", description = "A state NAME:cv=lo..hi[,cv2=lo..hi] (degrees for angles, nm for "
            + "lengths; lo > hi wraps for dihedrals); repeat; ΔF is between the first two. Replaces the file's states.")
    List<String> states;

    @Option(names = "--seed", defaultValue = "1", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bar", description = "BAR between state A (--samples, --solvent, --temperature) and state B "
            + "(--samples-b, --solvent-b, --temperature-b).")
    boolean bar;

    @Option(names = "--solvent", defaultValue = "obc1", description = "Solvent of state A for --bar (default: ${DEFAULT-VALUE}).")
    String solvent;

    @Option(names = "--samples-b", description = "Samples of state B for --bar.")
    Path samplesB;

    @Option(names = "--solvent-b", description = "Solvent of state B (default: state A's).")
    String solventB;

    @Option(names = "--temperature-b", description = "Temperature of state B in K (default: state A's).")
    Double temperatureB;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for energies (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", description = "Write the estimates here as JSON.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (samples == null) {
            throw new IllegalArgumentException("--samples is required");
        }
        Metrics metrics = bar ? bar() : regions();
        if (out != null) {
            metrics.write(out);
        }
        return 0;
    }

    private Metrics regions() throws Exception {
        AmberForceField ff = AmberForceField.create(PrmtopReader.read(prmtop), Solvent.VACUUM);
        Trajectory trajectory = CoordinateFiles.read(samples, ff.topology());
        if (weights != null && logWeights != null) {
            throw new IllegalArgumentException("give --weights or --log-weights, not both");
        }
        WeightedEnsemble ensemble = weights != null ? WeightedEnsemble.ofWeights(trajectory, Npy.read(weights).data())
                : WeightedEnsemble.of(trajectory, logWeights == null ? null : Npy.read(logWeights).data());
        CvDefinition definition = definition(ff);
        List<State> chosen = definition.states();
        ThermodynamicState state = ThermodynamicState.at(temperature);
        PrintWriter pw = spec.commandLine().getOut();
        Metrics m = new Metrics().put("samples", ensemble.size());
        Estimate ess = ensemble.essFraction(seed);
        pw.printf("%d samples, ESS fraction %s%n", ensemble.size(), ess);
        m.put("ess", ess.value()).put("ess_err", ess.stdError());
        Map<String, Estimate> populations = ensemble.populations(chosen, seed);
        populations.forEach((name, p) -> {
            pw.printf("  P(%s) = %s%n", name, p);
            m.put("population_" + name, p.value()).put("population_" + name + "_err", p.stdError());
        });
        if (chosen.size() >= 2) {
            Estimate dF = ensemble.deltaF(chosen.get(0), chosen.get(1), state, seed);
            pw.printf("dF = F(%s) - F(%s) = %s kJ/mol%n", chosen.get(0).name(), chosen.get(1).name(), dF);
            m.put("delta_f_kj_mol", dF.value()).put("delta_f_err_kj_mol", dF.stdError());
        }
        pw.flush();
        return m;
    }

    private Metrics bar() throws Exception {
        if (samplesB == null) {
            throw new IllegalArgumentException("--bar needs --samples-b (samples of state B)");
        }
        var prm = PrmtopReader.read(prmtop);
        AmberForceField a = AmberForceField.create(prm, Solvent.parse(solvent));
        AmberForceField b = AmberForceField.create(prm, Solvent.parse(solventB == null ? solvent : solventB));
        double tB = temperatureB == null ? temperature : temperatureB;
        TwoStateBar.Result r = TwoStateBar.estimate(new TwoStateBar.State(a, temperature), new TwoStateBar.State(b, tB),
                CoordinateFiles.read(samples, a.topology()), CoordinateFiles.read(samplesB, b.topology()), threads);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("BAR: f_B - f_A = %s kT%s%n", r.reduced(), Double.isNaN(r.kjPerMol().value()) ? ""
                : ", dF = " + r.kjPerMol() + " kJ/mol");
        pw.flush();
        return new Metrics().put("delta_f_reduced", r.reduced().value()).put("delta_f_reduced_err", r.reduced().stdError())
                .put("delta_f_kj_mol", r.kjPerMol().value()).put("delta_f_err_kj_mol", r.kjPerMol().stdError());
    }

    private CvDefinition definition(AmberForceField ff) throws Exception {
        if (cvs != null) {
            return CvDefinition.parse(cvs, states == null ? List.of() : states, ff.topology(), Path.of(""));
        }
        Path file = cvFile != null ? cvFile : Path.of(System.getProperty("boltzflow.data", "data"), ALANINE);
        CvDefinition read = CvDefinition.read(file, ff.topology());
        return states == null ? read : read.withStates(states);
    }
}
