package org.boltzflow.boltzmann.coordinates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.Rng;

/**
 * Molecules for the coordinate tests: alanine dipeptide from {@code data/alanine-dipeptide/alanine-dipeptide.pdb}
 * (bonds by distance, since that file has no CONECT records), perturbed copies of it, and random geometries.
 */
final class TestMolecules {
    /** A topology with one configuration (nm). */
    record Molecule(Topology topology, double[] xyz) {}

    private TestMolecules() {}

    static Path data() {
        return Path.of(System.getProperty("boltzflow.data", "../data"));
    }

    /** Alanine dipeptide (22 atoms) as in the data folder; bonded when closer than 0.12 nm (H) or 0.175 nm. */
    static Molecule alanineDipeptide() {
        Path pdb = data().resolve("alanine-dipeptide/alanine-dipeptide.pdb");
        List<Atom> atoms = new ArrayList<>();
        List<double[]> xyz = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(pdb)) {
                if (line.startsWith("ATOM") || line.startsWith("HETATM")) {
                    String name = line.substring(12, 16).trim();
                    String element = name.replaceAll("^[0-9]+", "").substring(0, 1);
                    atoms.add(new Atom(name, element, element.equals("H") ? 1.008 : 12.0, line.substring(17, 20).trim(),
                            Integer.parseInt(line.substring(22, 26).trim()) - 1));
                    xyz.add(new double[] {0.1 * Double.parseDouble(line.substring(30, 38)),
                            0.1 * Double.parseDouble(line.substring(38, 46)),
                            0.1 * Double.parseDouble(line.substring(46, 54))});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<int[]> bonds = new ArrayList<>();
        for (int i = 0; i < atoms.size(); i++) {
            for (int j = i + 1; j < atoms.size(); j++) {
                boolean hydrogen = atoms.get(i).element().equals("H") || atoms.get(j).element().equals("H");
                if (distance(xyz.get(i), xyz.get(j)) < (hydrogen ? 0.12 : 0.175)) {
                    bonds.add(new int[] {i, j});
                }
            }
        }
        double[] flat = new double[3 * xyz.size()];
        for (int i = 0; i < xyz.size(); i++) {
            System.arraycopy(xyz.get(i), 0, flat, 3 * i, 3);
        }
        return new Molecule(new Topology(atoms, bonds), flat);
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

    private static double distance(double[] a, double[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }
}
