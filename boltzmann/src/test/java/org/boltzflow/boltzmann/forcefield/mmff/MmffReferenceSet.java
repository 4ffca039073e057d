package org.boltzflow.boltzmann.forcefield.mmff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.boltzflow.flows.io.Npy;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The RDKit MMFF94 fixtures of {@code data/mmff/} (written by {@code data/scripts/mmff_reference.py}): every
 * conformer with RDKit's total and per-term energies (kcal/mol), gradient (kcal/mol/Angstrom) and atom types.
 */
final class MmffReferenceSet {
    /** One conformer: its molecule index, name, kind, CDK molecule, RDKit energies (total then 7 terms), gradient. */
    record Conformer(int record, int molecule, String name, String kind, IAtomContainer mol, double[] energies,
            double[] gradient) {}

    final List<Conformer> conformers = new ArrayList<>();
    /** RDKit's numeric MMFF94 types by molecule index. */
    final Map<Integer, int[]> rdkitTypes = new HashMap<>();
    /** RDKit's MMFF94 partial charges by molecule index. */
    final Map<Integer, double[]> rdkitCharges = new HashMap<>();
    /** Molecule index -> reason, from {@code type_disagreements.csv}. */
    final Map<Integer, String> typeDisagreements = new HashMap<>();

    private static MmffReferenceSet instance;

    static synchronized MmffReferenceSet load() {
        if (instance == null) {
            try {
                instance = new MmffReferenceSet(Path.of(System.getProperty("boltzflow.data", "data"), "mmff"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private MmffReferenceSet(Path dir) throws IOException {
        List<MoleculeSdf.Record> records = MoleculeSdf.read(dir.resolve("reference.sdf"));
        double[] gradients = Npy.read(dir.resolve("gradients.npy")).data();
        List<String> lines = Files.readAllLines(dir.resolve("energies.csv"));
        for (int r = 1; r < lines.size(); r++) {
            String[] f = lines.get(r).split(",");
            int offset = Integer.parseInt(f[4]);
            int atoms = Integer.parseInt(f[5]);
            double[] energies = new double[8];
            for (int e = 0; e < 8; e++) {
                energies[e] = Double.parseDouble(f[6 + e]);
            }
            double[] gradient = new double[3 * atoms];
            System.arraycopy(gradients, 3 * offset, gradient, 0, gradient.length);
            conformers.add(new Conformer(r - 1, Integer.parseInt(f[1]), f[2], f[3], records.get(r - 1).molecule(),
                    energies, gradient));
        }
        Map<Integer, List<Integer>> types = new HashMap<>();
        Map<Integer, List<Double>> charges = new HashMap<>();
        List<String> typeLines = Files.readAllLines(dir.resolve("atom_types.csv"));
        for (String line : typeLines.subList(1, typeLines.size())) {
            String[] f = line.split(",");
            types.computeIfAbsent(Integer.parseInt(f[0]), k -> new ArrayList<>()).add(Integer.parseInt(f[2]));
            charges.computeIfAbsent(Integer.parseInt(f[0]), k -> new ArrayList<>()).add(Double.parseDouble(f[3]));
        }
        types.forEach((m, t) -> rdkitTypes.put(m, t.stream().mapToInt(Integer::intValue).toArray()));
        charges.forEach((m, q) -> rdkitCharges.put(m, q.stream().mapToDouble(Double::doubleValue).toArray()));
        Path disagreements = dir.resolve("type_disagreements.csv");
        if (Files.exists(disagreements)) {
            List<String> reasons = Files.readAllLines(disagreements);
            for (String line : reasons.subList(1, reasons.size())) {
                String[] f = line.split(",", 3);
                typeDisagreements.put(Integer.parseInt(f[0]), f[2]);
            }
        }
    }

    /** Coordinates of a conformer in Angstrom. */
    static double[] angstrom(IAtomContainer mol) {
        double[] nm = MoleculeSdf.coordinatesNm(mol);
        for (int c = 0; c < nm.length; c++) {
            nm[c] *= 10.0;
        }
        return nm;
    }
}
