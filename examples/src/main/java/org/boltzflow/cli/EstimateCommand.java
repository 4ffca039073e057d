package org.boltzflow.cli;

import org.boltzflow.report.Metrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.boltzflow.boltzmann.analysis.AlanineDipeptide;
import org.boltzflow.boltzmann.analysis.Dihedral;
import org.boltzflow.boltzmann.analysis.TorusRegion;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.examples.estimate.TwoStateBar;
import org.boltzflow.examples.estimate.WeightedEnsemble;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.mcmc.estimators.Estimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow estimate}: the free-energy script. From weighted samples (flow samples with their weights, or MD
 * without): ESS, populations of dihedral regions and ΔF between the first two, with bootstrap error bars. With
 * {@code --bar}: ΔF between two thermodynamic states (temperatures or solvents) from samples of each, by BAR.
 * Writes {@code --out} as JSON if given. The same numbers come from the Java API ({@link WeightedEnsemble},
 * {@link TwoStateBar}).
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "ESS, region populations and free-energy differences (bootstrap error bars), or BAR between "
                + "two states.")
final class EstimateCommand implements Callable<Integer> {
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

    @Option(names = "--dihedrals", defaultValue = "4,6,8,14:6,8,14,16",
            description = "The two dihedrals (zero-based atoms a,b,c,d:a,b,c,d); default: alanine dipeptide's phi:psi.")
    String dihedrals;

    @Option(names = "--region", description = "A region name:low1,high1,low2,high2 (radians; low > high wraps); "
            + "repeat; ΔF is between the first two. Default: the four alanine-dipeptide basins.")
    List<String> regions;

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
        Dihedral[] pair = parseDihedrals(dihedrals, ff.atomCount());
        List<TorusRegion> chosen = regions == null ? AlanineDipeptide.BASINS
                : regions.stream().map(TorusRegion::parse).toList();
        PrintWriter pw = spec.commandLine().getOut();
        Metrics m = new Metrics().put("samples", ensemble.size());
        Estimate ess = ensemble.essFraction(seed);
        pw.printf("%d samples, ESS fraction %s%n", ensemble.size(), ess);
        m.put("ess", ess.value()).put("ess_err", ess.stdError());
        Map<String, Estimate> populations = ensemble.populations(pair[0], pair[1], chosen);
        populations.forEach((name, p) -> {
            pw.printf("  P(%s) = %s%n", name, p);
            m.put("population_" + name, p.value()).put("population_" + name + "_err", p.stdError());
        });
        if (chosen.size() >= 2) {
            Estimate dF = ensemble.deltaF(pair[0], pair[1], chosen.get(0), chosen.get(1), Units.kT(temperature), seed);
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

    private static Dihedral[] parseDihedrals(String text, int atoms) {
        String[] parts = text.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--dihedrals '" + text + "' is not a,b,c,d:a,b,c,d");
        }
        Dihedral[] out = new Dihedral[2];
        for (int k = 0; k < 2; k++) {
            String[] idx = parts[k].split(",");
            int[] v = new int[4];
            for (int i = 0; i < 4; i++) {
                try {
                    v[i] = Integer.parseInt(idx[i].trim());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--dihedrals '" + text + "': '" + parts[k]
                            + "' is not four atom indices", e);
                }
                if (v[i] < 0 || v[i] >= atoms) {
                    throw new IllegalArgumentException("--dihedrals: atom " + v[i] + " is not among the " + atoms
                            + " atoms");
                }
            }
            out[k] = new Dihedral(k == 0 ? "first" : "second", v[0], v[1], v[2], v[3]);
        }
        return out;
    }
}
