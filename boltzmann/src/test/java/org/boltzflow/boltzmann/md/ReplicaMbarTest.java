package org.boltzflow.boltzmann.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.mmff.ConformerBuilder;
import org.boltzflow.boltzmann.topology.CdkTopology;
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.junit.jupiter.api.Test;

/**
 * Every replica's samples weighted by MBAR for the lowest temperature, on n-butane (MMFF94) at 300 K: the weights
 * sum to one, the lowest replica alone is the one-state case, and the anti population and the mean energy agree
 * with the lowest replica's own estimates (which pooling without weights does not).
 */
class ReplicaMbarTest {
    private static final double[] LADDER = ReplicaExchange.geometricLadder(300, 600, 4);
    private static final int BLOCKS = 20;

    /** The weighted mean of {@code values} with a block-bootstrap error over contiguous blocks. */
    private static Estimate mean(double[] values, double[] weights) {
        int n = values.length;
        return Bootstrap.estimate(BLOCKS, 200, 9, idx -> {
            double sum = 0;
            double total = 0;
            for (int b : idx) {
                for (int i = b * n / BLOCKS; i < (b + 1) * n / BLOCKS; i++) {
                    total += weights[i];
                    sum += values[i] * weights[i];
                }
            }
            return sum / total;
        });
    }

    private static double[] ones(int n) {
        double[] out = new double[n];
        Arrays.fill(out, 1.0);
        return out;
    }

    private static void assertAgree(Estimate a, Estimate b, double sigmas, String what) {
        double combined = Math.hypot(a.stdError(), b.stdError());
        assertTrue(Math.abs(a.value() - b.value()) < sigmas * combined, what + ": " + a + " vs " + b);
    }

    @Test
    void butanesAntiPopulationAndEnergyFromEveryReplicaAgreeWithTheLowestReplicasOwn() {
        ConformerBuilder.Conformer butane = new ConformerBuilder(1).build("CCCC");
        ThermodynamicState state = new ThermodynamicState(butane.forceField(), 300);
        ReplicaExchange exchange = new ReplicaExchange(state, LADDER, CdkTopology.of(butane.molecule()).masses(),
                0.001, 5.0, 3);
        double[] start = butane.minimization().xyz();
        ReplicaExchange.Result every = exchange.run(start, 2000, 40_000, 50, 50, 2, true, () -> { });
        ReplicaExchange.Result lowest = exchange.run(start, 2000, 40_000, 50, 50, 2, () -> { });
        assertArrayEquals(lowest.energies(), every.energies(), "recording every replica changes nothing");
        double[] uniform = lowest.pooled().logWeights();
        assertEquals(800, uniform.length);
        for (double lw : uniform) {
            assertEquals(-Math.log(800), lw, 1e-12, "one replica: equal weights");
        }

        ReplicaExchange.Pooled pooled = every.pooled();
        assertEquals(4 * 800, pooled.samples().length);
        assertArrayEquals(every.replicaSamples()[2][5], pooled.samples()[5 * 4 + 2]);
        double[] weights = ImportanceWeights.normalized(pooled.logWeights());
        assertEquals(1.0, Arrays.stream(weights).sum(), 1e-12);
        Dihedral torsion = new Dihedral("CCCC", 0, 1, 2, 3);
        double[] anti = Arrays.stream(pooled.samples())
                .mapToDouble(x -> Math.abs(torsion.value(x)) > 2 * Math.PI / 3 ? 1 : 0).toArray();
        double[] lowestAnti = Arrays.stream(lowest.samples())
                .mapToDouble(x -> Math.abs(torsion.value(x)) > 2 * Math.PI / 3 ? 1 : 0).toArray();
        Estimate antiAll = mean(anti, weights);
        Estimate antiLowest = mean(lowestAnti, ones(800));
        Estimate energyAll = mean(pooled.energies(), weights);
        Estimate energyLowest = mean(lowest.energies(), ones(800));
        Estimate energyUnweighted = mean(pooled.energies(), ones(weights.length));
        assertAgree(antiAll, antiLowest, 2, "anti population");
        assertAgree(energyAll, energyLowest, 3, "mean energy");
        assertTrue(energyUnweighted.value() - energyLowest.value() > 10 * energyLowest.stdError(),
                "without weights the higher temperatures show");
    }
}
