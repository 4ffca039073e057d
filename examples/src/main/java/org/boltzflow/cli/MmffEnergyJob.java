package org.boltzflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.boltzmann.forcefield.mmff.MmffForceField;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;

/**
 * The MMFF94 part of {@code boltzflow energy}: every SDF record as it is (3D coordinates, explicit hydrogens) gives
 * one CSV row {@code index,name,energy_kj_mol,<terms>}. A record CDK cannot type (or without 3D coordinates) keeps
 * its row with empty energy cells, is named with its index and the reason on stderr, and the others are still
 * computed; its forces, if asked for, are NaN.
 */
final class MmffEnergyJob {
    private static final List<String> TERMS =
            List.of("bond", "angle", "stretch_bend", "oop", "torsion", "vdw", "electrostatic");

    private MmffEnergyJob() {}

    /** Runs the job; failed records are appended to {@code failures}. Returns a one-line summary. */
    static String run(Path sdf, Path forcesFile, Path out, List<String> failures) throws IOException {
        List<MoleculeSdf.Record> records = MoleculeSdf.read(sdf);
        int atoms = records.get(0).molecule().getAtomCount();
        if (forcesFile != null && records.stream().anyMatch(r -> r.molecule().getAtomCount() != atoms)) {
            throw new IllegalArgumentException(sdf + ": --forces needs every record to have the same number of atoms");
        }
        StringBuilder csv = new StringBuilder("index,name,energy_kj_mol,").append(String.join(",", TERMS)).append('\n');
        double[] forces = new double[forcesFile == null ? 0 : records.size() * 3 * atoms];
        for (MoleculeSdf.Record record : records) {
            csv.append(record.index()).append(',').append(csvField(record.name()));
            double[] f = new double[3 * record.molecule().getAtomCount()];
            try {
                MmffForceField ff = MmffForceField.of(record.molecule());
                double[] x = MoleculeSdf.coordinatesNm(record.molecule());
                double energy = ff.energyAndForces(x, f);
                if (!Double.isFinite(energy)) {
                    throw new IllegalArgumentException("non-finite MMFF94 energy (" + energy + "): overlapping atoms?");
                }
                StringBuilder row = new StringBuilder().append(',').append(energy);
                for (double term : ff.termEnergies(x)) {
                    row.append(',').append(term);
                }
                csv.append(row);
            } catch (IllegalArgumentException e) {
                failures.add("record " + record.index() + " (" + record.name() + "): " + e.getMessage());
                csv.append(",".repeat(1 + TERMS.size()));
                Arrays.fill(f, Double.NaN);
            }
            csv.append('\n');
            if (forcesFile != null) {
                System.arraycopy(f, 0, forces, record.index() * 3 * atoms, f.length);
            }
        }
        AtomicFiles.writeString(out, csv.toString());
        if (forcesFile != null) {
            Npy.write(forcesFile, new NpyArray(forces, new int[] {records.size(), atoms, 3}));
        }
        return String.format("%d of %d SDF records of %s evaluated with MMFF94: energies -> %s%s",
                records.size() - failures.size(), records.size(), sdf, out,
                forcesFile == null ? "" : ", forces -> " + forcesFile);
    }

    /** A CSV field, quoted when it holds a comma or a quote. */
    static String csvField(String text) {
        return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
