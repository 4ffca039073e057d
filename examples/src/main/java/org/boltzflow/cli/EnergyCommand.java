package org.boltzflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.boltzflow.flows.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boltzflow energy}: energies per term (CSV) and optionally forces (NPY) of every frame of a coordinate
 * file, with a force field chosen by {@code --forcefield}. Each force field is its own job class.
 */
@Command(name = "energy", mixinStandardHelpOptions = true, modelTransformer = SystemOptions.Tailor.class,
        description = "Energies (and forces) of coordinates with AMBER or MMFF94.")
final class EnergyCommand implements Callable<Integer>, SystemOptions.Taken {
    @Spec
    CommandSpec spec;

    @Option(names = "--forcefield", defaultValue = "amber", description = "Force field: amber (default) or mmff94.")
    String forcefield;

    @Mixin
    SystemOptions system;

    @Option(names = "--coords", description = "Coordinates in nm: multi-model .pdb, .dcd or .npy (frames, atoms, 3).")
    Path coords;

    @Option(names = "--sdf", description = "MMFF94: SDF of molecules with explicit hydrogens and 3D coordinates.")
    Path sdf;

    @Option(names = "--forces", description = "Also write forces here: float64 .npy (frames, atoms, 3) in kJ/mol/nm.")
    Path forces;

    @Option(names = "--out", required = true, description = "CSV of energies in kJ/mol, one row per frame.")
    Path out;

    @Override
    public List<SystemOptions.Use> systemOptions() {
        return List.of(SystemOptions.Use.of("--prmtop", null),
                SystemOptions.Use.of("--solvent", "vacuum"), SystemOptions.Use.of("--threads", "1"));
    }

    @Override
    public Integer call() throws Exception {
        AtomicFiles.requireWritable(out);
        if (forces != null) {
            AtomicFiles.requireWritable(forces);
        }
        String summary = switch (forcefield.toLowerCase(Locale.ROOT)) {
            case "amber" -> AmberEnergyJob.run(require(system.prmtop, "--prmtop"), require(coords, "--coords"),
                    system.solvent, forces, out, system.threads);
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
