package org.boltzflow.boltzmann.conformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.boltzflow.boltzmann.conformers.ConformerSettings.Preset;
import org.boltzflow.boltzmann.conformers.ConformerSettings.Sampler;
import org.junit.jupiter.api.Test;

/** The flow sampler of a conformer search with the tiny preset, on a molecule with a stereocentre and a ring. */
class FlowSamplerTest {
    private static ConformerSettings tiny(int threads) {
        return ConformerSettings.of(Preset.TINY, 300, 1000, threads).withSampler(Sampler.FLOW);
    }

    @Test
    void flowDrawsAreWeightedKeepTheStereochemistryAndGroupIntoConformers() {
        for (String smiles : List.of("C[C@H](O)CC", "OC1CCCCC1")) {
            MoleculeInput input = MoleculeInput.fromSmiles(smiles, smiles, false);
            ConformerSettings settings = tiny(2);
            ConformerEnsemble e = ConformerSearch.run(input, settings, 1);
            assertTrue(e.flow() != null, smiles);
            assertEquals(settings.flow().draws(), e.flow().draws());
            assertEquals(settings.flow().forwardSteps() + settings.flow().reverseSteps(), e.flow().trainingSteps());
            assertTrue(e.samples().length <= e.flow().draws() && e.samples().length > e.flow().draws() / 2, smiles);
            assertTrue(e.kishFraction() > 0 && e.kishFraction() <= 1, smiles + " ESS " + e.kishFraction());
            assertEquals(1.0, Arrays.stream(e.weights()).sum(), 1e-9);
            assertEquals(1.0, e.conformers().stream().mapToDouble(ConformerEnsemble.Conformer::population).sum(),
                    1e-9);
            assertTrue(Arrays.stream(e.weights()).max().orElseThrow() > 2.0 / e.samples().length,
                    "importance weights differ from draw to draw");
            StereoCheck stereo = StereoCheck.of(e.molecule());
            for (int i = 0; i < e.samples().length; i++) {
                assertTrue(e.weights()[i] == 0 || stereo.keeps(e.samples()[i]), smiles + " draw " + i);
            }
            for (ConformerEnsemble.Conformer c : e.conformers()) {
                assertTrue(stereo.keeps(c.xyz()), smiles + " conformer");
            }
            assertTrue(e.energyEvaluations() > e.flow().energyEvaluations()
                    && e.flow().energyEvaluations() >= e.samples().length, smiles);
        }
    }

    @Test
    void theSameSeedGivesTheSameEnsembleWithOneThreadOrTwo() {
        // one input for both runs: the search leaves the input's molecule as it was given
        MoleculeInput input = MoleculeInput.fromSmiles("C[C@H](O)CC", "a", false);
        ConformerEnsemble one = ConformerSearch.run(input, tiny(1), 7);
        ConformerEnsemble two = ConformerSearch.run(input, tiny(2), 7);
        assertEquals(null, input.molecule().getAtom(0).getPoint3d());
        assertArrayEquals(one.weights(), two.weights());
        assertArrayEquals(one.sampleEnergies(), two.sampleEnergies());
        assertEquals(one.conformers().size(), two.conformers().size());
        for (int k = 0; k < one.conformers().size(); k++) {
            assertEquals(one.conformers().get(k).population(), two.conformers().get(k).population());
            assertArrayEquals(one.conformers().get(k).xyz(), two.conformers().get(k).xyz());
        }
    }

    @Test
    void theFlowTrainsOnAFrameOfEveryExchangeIntervalUnlessTheSamplesAreGiven() {
        ConformerSettings md = ConformerSettings.of(Preset.DEFAULT, 300, 25, 1);
        ConformerSettings flow = md.withSampler(Sampler.FLOW);
        assertEquals(1_500, md.sampleCount());
        assertEquals(150_000 / 50, flow.sampleCount());
        assertEquals(1_000, flow.withSampling(flow.maxTemperature(), flow.productionSteps(), 1_000).sampleCount());
    }

    @Test
    void aMoleculeOfSeveralFragmentsFailsWithTheReason() {
        MoleculeInput pair = MoleculeInput.fromSmiles("CCO.OCC", "two ethanols", true);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConformerSearch.run(pair, tiny(1), 1));
        assertTrue(e.getMessage().contains("one connected molecule"), e.getMessage());
    }
}
