package org.boltzflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.boltzflow.flows.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow energy}: energies per term (CSV) and optionally forces (NPY) of every frame of a coordinate
 * file, with a force field chosen by {@code --forcefield}. Each force field is its own job class.
 */
@Command(name = "energy", mixinStandardHelpOptions = true,
        description = "Energies (and forces) of coordinates with AMBER or MMFF94.")
final class EnergyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--forcefield", defaultValue = "amber", description = "Force field: amber (default) or mmff94.")
    String forcefield;

    @Option(names = "--prmtop", description = "AMBER topology (prmtop) without periodic box.")
    Path prmtop;

    @Option(names = "--coords", description = "Coordinates in nm: multi-model .pdb, .dcd or .npy (frames, atoms, 3).")
    Path coords;

    @Option(names = "--solvent", defaultValue = "vacuum", description = "vacuum, obc1 or obc2 (default: ${DEFAULT-VALUE}).")
    String solvent;

    @Option(names = "--sdf", description = "MMFF94: SDF of molecules with explicit hydrogens and 3D coordinates.")
    Path sdf;

    @Option(names = "--forces", description = "Also write forces here: float64 .npy (frames, atoms, 3) in kJ/mol/nm.")
    Path forces;

    @Option(names = "--out", required = true, description = "CSV of energies in kJ/mol, one row per frame.")
    Path out;

    @Option(names = "--threads", converter = OptionValues.PositiveInt.class,
            defaultValue = "1", description = "Threads evaluating frames (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        AtomicFiles.requireWritable(out);
        if (forces != null) {
            AtomicFiles.requireWritable(forces);
        }
        String summary = switch (forcefield.toLowerCase(Locale.ROOT)) {
            case "amber" -> AmberEnergyJob.run(require(prmtop, "--prmtop"), require(coords, "--coords"), solvent,
                    forces, out, threads);
            case "mmff94" -> mmff94();
            default -> throw new IllegalArgumentException("unknown --forcefield '" + forcefield + "': use amber or mmff94");
        };
        spec.commandLine().getOut().println(summary);
        return 0;
    }

    private String mmff94() throws Exception {
        List<String> failures = new ArrayList<>();
        String summary = MmffEnergyJob.run(require(sdf, "--sdf"), forces, out, failures);
        failures.forEach(f -> spec.commandLine().getErr().println("boltzflow energy: skipped " + f));
        return summary;
    }

    private Path require(Path value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " is required with --forcefield " + forcefield);
        }
        return value;
    }
}
