package org.boltzflow.spark.conformers;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.conformers.ConformerEnsemble;
import org.boltzflow.boltzmann.conformers.ConformerFiles;
import org.boltzflow.boltzmann.conformers.ConformerSearch;
import org.boltzflow.boltzmann.conformers.ConformerSettings;
import org.boltzflow.boltzmann.conformers.Deadline;
import org.boltzflow.boltzmann.conformers.MoleculeInput;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The pipeline of {@code boltzflow conformers} for one molecule: {@link MoleculeInput} from the SMILES or the SDF
 * record, {@link ConformerSearch} with the preset's settings and a time limit of {@code timeout} seconds (infinity:
 * none; a search over it throws {@link Deadline.Exceeded}), and one row per conformer within the window, whose SDF
 * record is the one {@code conformers.sdf} would hold. Carries only serializable settings; the search settings are
 * made on the executor.
 */
public record ConformerSearchPipeline(String preset, double temperature, double window, int threads,
        boolean keepFragments, double timeout) implements MoleculeConformers {
    private static final long serialVersionUID = 1L;

    /** Checks the settings on the driver, before any work is sent out. */
    public ConformerSearchPipeline {
        settings(preset, temperature, window, threads);
        if (!(timeout > 0)) {
            throw new IllegalArgumentException("--timeout must be a positive number of seconds, got " + timeout);
        }
    }

    private static ConformerSettings settings(String preset, double temperature, double window, int threads) {
        return ConformerSettings.of(ConformerSettings.Preset.parse(preset), temperature, window, threads);
    }

    @Override
    public List<ConformerRow> conformers(LibraryMolecule molecule, long seed) {
        MoleculeInput input = molecule.smiles() != null
                ? MoleculeInput.fromSmiles(molecule.smiles(), molecule.id(), keepFragments)
                : MoleculeInput.fromRecord(molecule.id(), Molfiles.parse(molecule.id(), molecule.molfile()),
                        keepFragments);
        ConformerEnsemble ensemble = ConformerSearch.run(input, settings(preset, temperature, window, threads), seed,
                Deadline.after(timeout));
        List<ConformerEnsemble.Conformer> kept = ensemble.within(window);
        List<IAtomContainer> records = ConformerFiles.conformerRecords(ensemble, window);
        List<ConformerRow> rows = new ArrayList<>();
        for (int k = 0; k < kept.size(); k++) {
            ConformerEnsemble.Conformer c = kept.get(k);
            rows.add(new ConformerRow(k + 1, c.population(), c.populationError(), c.freeEnergy(), c.energy(),
                    Molfiles.record(records.get(k)), ensemble.kishFraction()));
        }
        return rows;
    }
}
