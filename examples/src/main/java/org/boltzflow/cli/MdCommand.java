package org.boltzflow.cli;

import org.boltzflow.boltzmann.energy.ThermodynamicState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.md.AmberConstraints;
import org.boltzflow.boltzmann.md.LangevinIntegrator;
import org.boltzflow.boltzmann.md.LangevinSettings;
import org.boltzflow.boltzmann.md.MdRecorder;
import org.boltzflow.flows.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code boltzflow md}: Langevin molecular dynamics (BAOAB) in Java with an AMBER prmtop. */
@Command(name = "md", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = SystemOptions.Tailor.class,
        description = {"Langevin molecular dynamics (BAOAB) in Java with an AMBER prmtop (no periodic box).",
            "Saves a frame every --save-every steps to --out (.dcd, .pdb or .npy by extension) and prints the mean",
            "potential energy, mean kinetic temperature and speed. Ctrl-C stops early and still writes the frames."})
final class MdCommand implements Callable<Integer>, SystemOptions.Taken {
    @Spec
    CommandSpec spec;

    @Mixin
    SystemOptions system;

    @Option(names = "--steps", converter = OptionValues.PositiveLong.class,
            required = true, description = "Number of MD steps.")
    long steps;

    @Option(names = "--save-every", converter = OptionValues.PositiveInt.class,
            defaultValue = "500", description = "Steps between saved frames (default: ${DEFAULT-VALUE}).")
    int saveEvery;

    @Option(names = "--timestep", converter = OptionValues.PositiveDouble.class,
            defaultValue = "0.002", description = "Time step in ps (default: ${DEFAULT-VALUE}).")
    double timestep;

    @Option(names = "--friction", converter = OptionValues.PositiveDouble.class,
            defaultValue = "1", description = "Friction in 1/ps (default: ${DEFAULT-VALUE}).")
    double friction;

    @Option(names = "--constraints", defaultValue = "hbonds",
            description = "hbonds (bonds to hydrogen at the prmtop lengths) or none (default: ${DEFAULT-VALUE}).")
    String constraints;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--coords", description = "Start coordinates (.pdb, .dcd or .npy; the last frame is used). "
            + "Default: the .pdb beside the prmtop with the same base name.")
    Path coords;

    @Option(names = "--out", required = true, description = "Trajectory to write: .dcd, .pdb or .npy.")
    Path out;

    @Override
    public List<SystemOptions.Use> systemOptions() {
        return List.of(SystemOptions.Use.required("--prmtop"), SystemOptions.Use.of("--solvent", "vacuum"),
                SystemOptions.Use.of("--temperature", "300"));
    }

    @Override
    public Integer call() throws Exception {
        if (saveEvery > steps) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--save-every " + saveEvery
                    + " is larger than --steps " + steps + ": no frame would be saved");
        }
        CoordinateFiles.Format.of(out); // fails early on an unknown extension
        AtomicFiles.requireWritable(out);
        AmberForceField model = AmberForceField.load(system.prmtop, Solvent.parse(system.solvent));
        Trajectory start = CoordinateFiles.read(startFile(), model.topology());
        LangevinIntegrator md = new LangevinIntegrator(model, model.topology().masses(),
                new LangevinSettings(new ThermodynamicState(model, system.temperature), friction, timestep, seed),
                switch (constraints.toLowerCase(Locale.ROOT)) {
                    case "hbonds" -> AmberConstraints.hydrogenBonds(model.prmtop());
                    case "none" -> null;
                    default -> throw new IllegalArgumentException("unknown --constraints '" + constraints
                            + "': use hbonds or none");
                });
        md.initialize(start.frame(start.frameCount() - 1));
        MdRecorder recorder = new MdRecorder();
        try (InterruptGuard interrupt = new InterruptGuard()) {
            long begin = System.nanoTime();
            long done = 0;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("md").setInitialMax(steps)
                    .setUnit(" steps", 1).showSpeed().setUpdateIntervalMillis(500).build()) {
                while (done < steps && !interrupt.requested()) {
                    long chunk = Math.min(saveEvery, steps - done);
                    md.run(chunk, saveEvery, recorder);
                    done += chunk;
                    bar.stepTo(done);
                }
            }
            double seconds = (System.nanoTime() - begin) * 1e-9;
            CoordinateFiles.write(out, model.topology(), recorder.trajectory(model.atomCount()), timestep, saveEvery);
            System.out.printf(Locale.ROOT, "%s%d steps (%.3f ps, %s, %s constraints), %d frames -> %s%n",
                    done < steps ? "interrupted after " : "", done, done * timestep, model.solvent().label(),
                    constraints, recorder.frameCount(), out);
            System.out.printf(Locale.ROOT, "mean potential energy %.3f kJ/mol, mean temperature %.2f K (%d degrees "
                    + "of freedom), %.0f steps/s%n", recorder.meanPotentialEnergy(), recorder.meanTemperature(),
                    md.degreesOfFreedom(), done / seconds);
        }
        return 0;
    }

    private Path startFile() {
        if (coords != null) {
            return coords;
        }
        String name = system.prmtop.getFileName().toString();
        Path beside = system.prmtop.resolveSibling(name.replaceFirst("\\.[^.]*$", "") + ".pdb");
        if (!Files.exists(beside)) {
            throw new IllegalArgumentException("no start coordinates: give --coords (no " + beside + " found)");
        }
        return beside;
    }
}
