package org.boltzflow.boltzmann.conformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.boltzflow.boltzmann.conformers.ConformerSettings.Preset;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.mmff.MmffForceField;
import org.junit.jupiter.api.Test;

/** Grouping samples into conformers does not depend on the order of the samples. */
class ConformerGroupingTest {
    private static ConformerGrouping.Result group(ConformerEnsemble e, ConformerSettings s, List<Integer> order) {
        double[][] samples = new double[order.size()][];
        double[] weights = new double[order.size()];
        for (int k = 0; k < order.size(); k++) {
            samples[k] = e.samples()[order.get(k)];
            weights[k] = e.weights()[order.get(k)];
        }
        ThermodynamicState state = new ThermodynamicState(MmffForceField.of(e.molecule()), s.temperature());
        return new ConformerGrouping(state, HeavyAtomSymmetry.of(e.molecule()), e.torsions(),
                RotatableBonds.ringTorsions(e.molecule()), s.rmsdThreshold(), s.groupingTolerance(), s.threads(),
                Deadline.none()).group(samples, weights, s.bootstrapBlocks(), s.bootstrapReplicates(), 3);
    }

    @Test
    void ibuprofensSamplesInAnotherOrderGiveTheSameConformersAndPopulations() {
        MoleculeInput input = MoleculeInput.fromSmiles("CC(C)Cc1ccc(cc1)[C@@H](C)C(=O)O", "ibuprofen", false);
        ConformerSettings settings = ConformerSettings.of(Preset.TINY, 300, 25, 2);
        ConformerEnsemble ensemble = ConformerSearch.run(input, settings, 5);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ensemble.samples().length; i++) {
            order.add(i);
        }
        ConformerGrouping.Result forward = group(ensemble, settings, order);
        Collections.shuffle(order, new Random(7));
        ConformerGrouping.Result shuffled = group(ensemble, settings, order);
        assertTrue(forward.conformers().size() >= 3, forward.conformers().size() + " conformers");
        assertEquals(forward.minima(), shuffled.minima());
        assertEquals(forward.conformers().size(), shuffled.conformers().size());
        for (int c = 0; c < forward.conformers().size(); c++) {
            ConformerEnsemble.Conformer a = forward.conformers().get(c);
            ConformerEnsemble.Conformer b = shuffled.conformers().get(c);
            assertArrayEquals(a.xyz(), b.xyz(), "conformer " + c);
            assertEquals(a.population(), b.population(), 1e-12, "conformer " + c);
            assertEquals(a.samples(), b.samples(), "conformer " + c);
        }
    }
}
