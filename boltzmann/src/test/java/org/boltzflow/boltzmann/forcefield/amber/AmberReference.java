package org.boltzflow.boltzmann.forcefield.amber;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;

/**
 * OpenMM Reference-platform fixtures written by {@code data/scripts/amber_reference.py}: coordinates, per-term
 * energies and forces of one system in one solvent.
 */
record AmberReference(Path prmtop, int frames, int atoms, double[] coords, List<String> terms, double[][] energies,
        double[] forces) {
    static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));

    /** Loads the fixtures of {@code data/<system>/reference} for one solvent. */
    static AmberReference load(String system, Solvent solvent) throws IOException {
        Path dir = DATA.resolve(system).resolve("reference");
        NpyArray coords = Npy.read(dir.resolve("coords.npy"));
        NpyArray forces = Npy.read(dir.resolve("forces_" + solvent.label() + ".npy"));
        List<String> lines = Files.readAllLines(dir.resolve("energies_" + solvent.label() + ".csv"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        double[][] energies = lines.stream().skip(1)
                .map(l -> Arrays.stream(l.split(",")).skip(1).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
        return new AmberReference(DATA.resolve(system).resolve(system + ".prmtop"), coords.shape()[0],
                coords.shape()[1], coords.data(), header.subList(2, header.size()), energies, forces.data());
    }

    /** The coordinates of one frame, {@code 3 * atoms} values in nm. */
    double[] frame(int f) {
        return Arrays.copyOfRange(coords, 3 * atoms * f, 3 * atoms * (f + 1));
    }

    /** OpenMM's forces of one frame. */
    double[] forces(int f) {
        return Arrays.copyOfRange(forces, 3 * atoms * f, 3 * atoms * (f + 1));
    }
}
