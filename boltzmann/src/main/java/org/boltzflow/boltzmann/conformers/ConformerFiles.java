package org.boltzflow.boltzmann.conformers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The files of a conformer ensemble, written atomically: {@code conformers.sdf} (one record per conformer within
 * the window, most populated first, with the SD fields {@code population}, {@code population_err},
 * {@code free_energy_kj_mol}, {@code mmff94_energy_kj_mol} of the record's coordinates and
 * {@code relative_energy_kj_mol} above the lowest conformer), and the weighted samples as {@code ensemble.sdf} with
 * {@code weights.npy} (float64, one normalized weight per record).
 */
public final class ConformerFiles {
    private ConformerFiles() {}

    /** Writes the conformers within {@code window} kJ/mol of free energy of the most populated one. */
    public static void writeConformers(Path sdf, ConformerEnsemble ensemble, double window) throws IOException {
        MoleculeSdf.write(sdf, conformerRecords(ensemble, window));
    }

    /** The records of {@link #writeConformers}: one molecule per conformer, with its SD fields. */
    public static List<IAtomContainer> conformerRecords(ConformerEnsemble ensemble, double window) {
        List<IAtomContainer> records = new ArrayList<>();
        double lowest = ensemble.lowestEnergy();
        List<ConformerEnsemble.Conformer> kept = ensemble.within(window);
        for (int k = 0; k < kept.size(); k++) {
            ConformerEnsemble.Conformer c = kept.get(k);
            IAtomContainer mol = record(ensemble, c.xyz(), ensemble.input().name() + " conformer " + (k + 1));
            mol.setProperty("population", fraction(c.population()));
            mol.setProperty("population_err", fraction(c.populationError()));
            mol.setProperty("free_energy_kj_mol", format(c.freeEnergy()));
            mol.setProperty("mmff94_energy_kj_mol", format(c.energy()));
            mol.setProperty("relative_energy_kj_mol", format(c.energy() - lowest));
            records.add(mol);
        }
        return records;
    }

    /** Writes every sample as an SDF record (field {@code weight}) and the weights as a float64 NPY vector. */
    public static void writeEnsemble(Path sdf, Path weightsNpy, ConformerEnsemble ensemble) throws IOException {
        List<IAtomContainer> records = new ArrayList<>();
        double[][] samples = ensemble.samples();
        for (int i = 0; i < samples.length; i++) {
            IAtomContainer mol = record(ensemble, samples[i], ensemble.input().name() + " sample " + (i + 1));
            mol.setProperty("weight", fraction(ensemble.weights()[i]));
            mol.setProperty("mmff94_energy_kj_mol", format(ensemble.sampleEnergies()[i]));
            records.add(mol);
        }
        MoleculeSdf.write(sdf, records);
        Npy.write(weightsNpy, new NpyArray(ensemble.weights().clone(), new int[] {samples.length}));
    }

    /** A copy of the molecule at {@code xyz} (nm) with a title and no other properties. */
    private static IAtomContainer record(ConformerEnsemble ensemble, double[] xyz, String title) {
        try {
            IAtomContainer mol = ensemble.molecule().clone();
            mol.setProperties(new HashMap<>());
            mol.setTitle(title);
            MoleculeSdf.setCoordinatesNm(mol, xyz);
            return mol;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("CDK cannot copy the molecule", e);
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    /** A population or weight to 8 significant digits, so that small ones keep their precision. */
    private static String fraction(double value) {
        return String.format(Locale.ROOT, "%.8g", value);
    }
}
