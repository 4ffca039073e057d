package org.boltzflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.boltzflow.boltzmann.energy.LbfgsMinimizer;
import org.boltzflow.boltzmann.forcefield.mmff.ConformerBuilder;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.boltzflow.flows.io.AtomicFiles;
import org.openscience.cdk.interfaces.IAtomContainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow minimize}: MMFF94 minimization (L-BFGS) of molecules given as SMILES (built in 3D first) or as an
 * SDF with 3D coordinates and explicit hydrogens. Writes the minimized SDF with the MMFF94 energy and its terms
 * (kJ/mol) as SD fields; molecules that cannot be typed are named on stderr and left out.
 */
@Command(name = "minimize", mixinStandardHelpOptions = true,
        description = "MMFF94 minimization of molecules from SDF or SMILES.")
final class MinimizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** Exactly one input: SMILES or an SDF file. */
    static final class Input {
        @Option(names = "--smiles", description = "SMILES to build in 3D and minimize (repeatable).")
        List<String> smiles;

        @Option(names = "--sdf", description = "SDF of molecules with 3D coordinates and explicit hydrogens.")
        Path sdf;
    }

    @Option(names = "--out", required = true, description = "Minimized molecules (SDF).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the 3D build from SMILES (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tolerance", converter = OptionValues.PositiveDouble.class, defaultValue = "0.05",
            description = "Stop when every force component is below this, kJ/mol/nm (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-iterations", converter = OptionValues.PositiveInt.class,
            defaultValue = "5000", description = "L-BFGS iteration limit (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Override
    public Integer call() throws Exception {
        AtomicFiles.requireWritable(out);
        ConformerBuilder builder = new ConformerBuilder(seed, new LbfgsMinimizer(tolerance, maxIterations));
        List<IAtomContainer> minimized = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (input.smiles != null) {
            for (int i = 0; i < input.smiles.size(); i++) {
                String smiles = input.smiles.get(i);
                keep(minimized, failures, "--smiles " + (i + 1), () -> builder.build(smiles));
            }
        } else {
            for (MoleculeSdf.Record record : MoleculeSdf.read(input.sdf)) {
                keep(minimized, failures, "record " + record.index() + " (" + record.name() + ")",
                        () -> builder.minimize(record.molecule()));
            }
        }
        if (minimized.isEmpty()) {
            throw new IllegalArgumentException(failures.size() == 1 ? failures.get(0)
                    : "no molecule could be minimized; the first: " + failures.get(0));
        }
        failures.forEach(f -> spec.commandLine().getErr().println("boltzflow minimize: skipped " + f));
        MoleculeSdf.write(out, minimized);
        spec.commandLine().getOut().printf("%d molecule(s) minimized with MMFF94 -> %s%n", minimized.size(), out);
        return 0;
    }

    /** Builds one conformer, records its energies as SD fields, or notes why it failed. */
    private static void keep(List<IAtomContainer> minimized, List<String> failures, String label,
            Supplier<ConformerBuilder.Conformer> job) {
        try {
            ConformerBuilder.Conformer conformer = job.get();
            IAtomContainer mol = conformer.molecule();
            LbfgsMinimizer.Result run = conformer.minimization();
            if (!Double.isFinite(run.energy())) {
                throw new IllegalArgumentException("non-finite MMFF94 energy (" + run.energy() + "): overlapping atoms?");
            }
            mol.setProperty("MMFF94_ENERGY_KJ_MOL", String.format("%.6f", run.energy()));
            double[] terms = conformer.forceField().termEnergies(run.xyz());
            List<String> names = conformer.forceField().termNames();
            for (int t = 0; t < terms.length; t++) {
                mol.setProperty("MMFF94_" + names.get(t).toUpperCase(Locale.ROOT) + "_KJ_MOL",
                        String.format("%.6f", terms[t]));
            }
            mol.setProperty("MMFF94_MAX_FORCE_KJ_MOL_NM", String.format("%.3g", run.maxForce()));
            mol.setProperty("MMFF94_CONVERGED", Boolean.toString(run.converged()));
            minimized.add(mol);
        } catch (IllegalArgumentException e) {
            failures.add(label + ": " + e.getMessage());
        }
    }
}
