package org.boltzflow.boltzmann.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import org.boltzflow.flows.Engines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnergyBridgeTest {
    static final HarmonicSprings MODEL = HarmonicSprings.allPairs(7, 300, 0.15, 50);
    static final int BATCH = 6;

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    /** Values and gradient of {@code function} of a (batch, 21) array: [values..., gradient...]. */
    static double[][] valueAndGradient(double[] xyz, Function<NDArray, NDArray> function) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(xyz, new Shape(BATCH, 21));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = function.apply(x);
                collector.backward(y.sum());
                return new double[][] {y.toDoubleArray(), x.getGradient().toDoubleArray()};
            }
        }
    }

    @Test
    void bridgeValueIsTheEnergyAndItsGradientIsMinusTheForce() {
        double[] xyz = MODEL.randomConfigurations(BATCH, 2);
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(MODEL, 2)) {
            double[][] result = valueAndGradient(xyz, new EnergyBridge(evaluator)::energy);
            double[] forces = new double[xyz.length];
            double[] energies = evaluator.energiesAndForces(xyz, forces);
            for (int b = 0; b < BATCH; b++) {
                assertEquals(energies[b], result[0][b], 0.0);
            }
            for (int i = 0; i < xyz.length; i++) {
                assertEquals(-forces[i], result[1][i], 1e-12 * Math.abs(forces[i]) + 1e-300);
            }
        }
    }

    @Test
    void targetIsMinusEnergyOverKtWithGradientForceOverKt() {
        double[] xyz = MODEL.randomConfigurations(BATCH, 3);
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(MODEL, 1)) {
            EnergyTarget target = EnergyTarget.of(evaluator, new ThermodynamicState(evaluator.model(), 300));
            assertEquals(0.0083144626 * 300, target.state().kT(), 1e-15);
            assertEquals(21, target.dim());
            double[][] result = valueAndGradient(xyz, target::logProb);
            double[][] exact = valueAndGradient(xyz, target::trueLogProb);
            double[] forces = new double[xyz.length];
            double[] energies = evaluator.energiesAndForces(xyz, forces);
            for (int b = 0; b < BATCH; b++) {
                assertEquals(-energies[b] / target.state().kT(), result[0][b], 1e-14 * Math.abs(result[0][b]));
                assertEquals(result[0][b], exact[0][b], 1e-14 * Math.abs(result[0][b]));
            }
            for (int i = 0; i < xyz.length; i++) {
                assertEquals(forces[i] / target.state().kT(), result[1][i], 1e-12 * Math.abs(result[1][i]));
                assertEquals(forces[i] / target.state().kT(), exact[1][i], 1e-12 * Math.abs(result[1][i]));
            }
        }
    }

    @Test
    void regularisationLogCompressesAboveTheCutAndClampsAtTheMax() {
        double[] xyz = MODEL.randomConfigurations(BATCH, 4);
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(MODEL, 1)) {
            EnergyTarget plain = EnergyTarget.of(evaluator, new ThermodynamicState(evaluator.model(), 300));
            double[] forces = new double[xyz.length];
            double[] energies = evaluator.energiesAndForces(xyz, forces);
            double[] reduced = new double[BATCH];
            for (int b = 0; b < BATCH; b++) {
                reduced[b] = energies[b] / plain.state().kT();
            }
            double[] sorted = reduced.clone();
            java.util.Arrays.sort(sorted);
            double cut = 0.5 * (sorted[1] + sorted[2]);
            double maxReduced = 0.5 * (sorted[4] + sorted[5]);
            EnergyTarget regular = plain.regularized(cut, maxReduced);
            double[][] result = valueAndGradient(xyz, regular::logProb);
            int below = 0;
            int compressed = 0;
            int clamped = 0;
            for (int b = 0; b < BATCH; b++) {
                double u = reduced[b];
                double expectedValue;
                double slope;
                if (u >= maxReduced) {
                    expectedValue = cut + Math.log(maxReduced - cut + 1);
                    slope = 0;
                    clamped++;
                } else if (u > cut) {
                    expectedValue = cut + Math.log(u - cut + 1);
                    slope = 1 / (u - cut + 1);
                    compressed++;
                } else {
                    expectedValue = u;
                    slope = 1;
                    below++;
                }
                assertEquals(-expectedValue, result[0][b], 1e-12 * Math.abs(expectedValue));
                for (int i = b * 21; i < (b + 1) * 21; i++) {
                    assertEquals(slope * forces[i] / plain.state().kT(), result[1][i],
                            1e-12 * Math.abs(forces[i] / plain.state().kT()));
                }
            }
            assertEquals(2, below);
            assertEquals(BATCH - 2, compressed + clamped);
            assertEquals(true, clamped >= 1 && compressed >= 1);
            try (NDManager manager = NDManager.newBaseManager()) {
                assertEquals(energies[0], regular.energies(manager.create(xyz, new Shape(BATCH, 21)))[0], 0.0);
            }
        }
    }
}
