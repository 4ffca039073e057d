package org.boltzflow.boltzmann.conformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.boltzflow.boltzmann.conformers.ConformerSettings.Preset;
import org.junit.jupiter.api.Test;

/** Mirror images join the samples of a molecule without tetrahedral centres, and only of such a molecule. */
class MirrorImagesTest {
    private static final ConformerSettings TINY = ConformerSettings.of(Preset.TINY, 300, 25, 2);

    @Test
    void everyConformerOfAnAchiralMoleculeHasItsMirrorImageWithTheSamePopulation() {
        MoleculeInput input = MoleculeInput.fromSmiles("CCN(CC)CC(=O)Nc1c(C)cccc1C", "lidocaine", false);
        ConformerEnsemble ensemble = ConformerSearch.run(input, TINY, 2);
        double[][] samples = ensemble.samples();
        for (int i = 0; i < samples.length; i += 2) {
            assertArrayEquals(MirrorImages.of(samples[i]), samples[i + 1]);
            assertEquals(ensemble.weights()[i], ensemble.weights()[i + 1]);
        }
        HeavyAtomSymmetry symmetry = HeavyAtomSymmetry.of(input.molecule());
        int chiral = 0;
        for (ConformerEnsemble.Conformer c : ensemble.conformers()) {
            double[] image = MirrorImages.of(c.xyz());
            ConformerEnsemble.Conformer twin = ensemble.conformers().stream()
                    .min((a, b) -> Double.compare(symmetry.rmsd(a.xyz(), image), symmetry.rmsd(b.xyz(), image)))
                    .orElseThrow();
            assertTrue(symmetry.rmsd(twin.xyz(), image) < TINY.rmsdThreshold(), "mirror image of a conformer");
            assertEquals(c.population(), twin.population(), 1e-9);
            assertEquals(c.energy(), twin.energy(), 1e-3);
            chiral += twin == c ? 0 : 1;
        }
        assertTrue(chiral >= 2, chiral + " conformers with a distinct mirror image");
    }

    @Test
    void aChiralInputGetsNoMirroredSamples() {
        MoleculeInput input = MoleculeInput.fromSmiles("C[C@H](N)C(=O)O", "alanine", false);
        ConformerEnsemble ensemble = ConformerSearch.run(input, TINY, 2);
        assertEquals(0, ensemble.invalidSamples(), "a mirror image would invert the centre");
        assertTrue(Arrays.stream(ensemble.weights()).allMatch(w -> w > 0));
    }
}
