package org.boltzflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;

/**
 * The AMBER part of {@code boltzflow energy}: reads the prmtop and the coordinates (checked against its topology),
 * evaluates every frame and writes {@code frame,energy_kj_mol,<terms>} and, if asked, the forces.
 */
final class AmberEnergyJob {
    private AmberEnergyJob() {}

    /** Runs the job and returns a one-line summary. */
    static String run(Path prmtop, Path coords, String solventName, Path forcesFile, Path out, int threads)
            throws IOException {
        Solvent solvent = Solvent.parse(solventName);
        AmberForceField ff = AmberForceField.create(PrmtopReader.read(prmtop), solvent);
        Trajectory trajectory = CoordinateFiles.read(coords, ff.topology());
        double[] xyz = trajectory.flatten();
        double[] forces = new double[xyz.length];
        double[] energies;
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(ff, threads)) {
            energies = evaluator.energiesAndForces(xyz, forces);
        }
        StringBuilder csv = new StringBuilder("frame,energy_kj_mol,").append(String.join(",", ff.termNames())).append('\n');
        for (int f = 0; f < energies.length; f++) {
            if (!Double.isFinite(energies[f])) {
                throw new IllegalArgumentException(coords + ": frame " + f + " has a non-finite energy ("
                        + energies[f] + "): overlapping atoms?");
            }
            csv.append(f).append(',').append(energies[f]);
            for (double term : ff.termEnergies(trajectory.frame(f))) {
                csv.append(',').append(term);
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(out, csv.toString());
        if (forcesFile != null) {
            Npy.write(forcesFile, new NpyArray(forces, new int[] {energies.length, ff.atomCount(), 3}));
        }
        return String.format("%d frames of %s (%s): energies -> %s%s", energies.length, coords, solvent.label(), out,
                forcesFile == null ? "" : ", forces -> " + forcesFile);
    }
}
