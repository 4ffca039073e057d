package org.boltzflow.boltzmann.coordinates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;

/**
 * Molecules for the coordinate tests: alanine dipeptide (prmtop topology, PDB coordinates, MD frames of the AMBER
 * reference fixture), perturbed copies, and random geometries.
 */
final class TestMolecules {
    /** A topology with one configuration (nm). */
    record Molecule(Topology topology, double[] xyz) {}

    private TestMolecules() {}

    static Path data() {
        return Path.of(System.getProperty("boltzflow.data", "../data"));
    }

    /** Alanine dipeptide (22 atoms): topology from the prmtop, coordinates from the PDB of the data folder. */
    static Molecule alanineDipeptide() {
        Path folder = data().resolve("alanine-dipeptide");
        try {
            Topology topology = PrmtopReader.read(folder.resolve("alanine-dipeptide.prmtop")).topology();
            double[] xyz = PdbFile.read(folder.resolve("alanine-dipeptide.pdb")).trajectory().frame(0);
            return new Molecule(topology, xyz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The alanine dipeptide MD frames (300 K and 1000 K, plus perturbed copies) of the AMBER reference fixture. */
    static double[][] alanineMdFrames() {
        try {
            NpyArray coords = Npy.read(data().resolve("alanine-dipeptide/reference/coords.npy"));
            int width = coords.shape()[1] * coords.shape()[2];
            double[][] frames = new double[coords.shape()[0]][];
            for (int f = 0; f < frames.length; f++) {
                frames[f] = Arrays.copyOfRange(coords.data(), f * width, (f + 1) * width);
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code frames} copies of {@code xyz}, each atom displaced by Gaussian noise of {@code sigma} nm. */
    static double[][] perturbed(double[] xyz, int frames, double sigma, long seed) {
        double[][] out = new double[frames][];
        for (int f = 0; f < frames; f++) {
            SplittableRandom random = new SplittableRandom(Rng.derive(seed, f));
            out[f] = xyz.clone();
            for (int k = 0; k < xyz.length; k++) {
                out[f][k] += sigma * gaussian(random);
            }
        }
        return out;
    }

    /** Random positions (Gaussian, {@code sigma} nm per coordinate) for {@code atoms} atoms. */
    static double[] randomPositions(int atoms, double sigma, long seed) {
        return perturbed(new double[3 * atoms], 1, sigma, seed)[0];
    }

    /** {@code count} independent random configurations of {@code atoms} atoms (see {@link #randomPositions}). */
    static double[][] randomFrames(int atoms, int count, double sigma, long seed) {
        double[][] frames = new double[count][];
        for (int f = 0; f < count; f++) {
            frames[f] = randomPositions(atoms, sigma, Rng.derive(seed, f));
        }
        return frames;
    }

    /** The rows of {@code frames} in one array, row-major. */
    static double[] flatten(double[][] frames) {
        double[] out = new double[frames.length * frames[0].length];
        for (int f = 0; f < frames.length; f++) {
            System.arraycopy(frames[f], 0, out, f * frames[0].length, frames[0].length);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
