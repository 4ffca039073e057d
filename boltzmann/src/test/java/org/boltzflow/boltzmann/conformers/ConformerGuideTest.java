package org.boltzflow.boltzmann.conformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.boltzflow.boltzmann.conformers.ConformerSettings.Preset;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library example of {@code docs/conformers.md}, run on butane with the tiny preset. */
class ConformerGuideTest {
    @Test
    void theDocumentedLibraryCallsFindButanesConformersAndWriteThem(@TempDir Path dir) throws IOException {
        String smiles = "CCCC";
        String name = "butane";
        Preset preset = Preset.TINY;
        long seed = 1L;
        Path path = dir.resolve("conformers.sdf");

        MoleculeInput input = MoleculeInput.fromSmiles(smiles, name, false);
        ConformerSettings settings = ConformerSettings.of(preset, 300, 25, 2);
        ConformerEnsemble ensemble = ConformerSearch.run(input, settings, seed);
        ConformerFiles.writeConformers(path, ensemble, 25);

        int written = MoleculeSdf.read(path).size();
        assertTrue(written >= 1 && written == ensemble.within(25).size(), written + " conformers written");
        double total = ensemble.conformers().stream().mapToDouble(ConformerEnsemble.Conformer::population).sum();
        assertEquals(1.0, total, 1e-9, "populations sum to one");
    }
}
