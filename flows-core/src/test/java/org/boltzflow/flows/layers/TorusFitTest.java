package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
import org.boltzflow.flows.training.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TorusFitTest {
    private static final int GRID = 256;

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void reverseKlFitOfAVonMisesMixtureOnTheTorusMatchesBothMarginals() {
        VonMisesMixture target = new VonMisesMixture(new double[] {0.5, 0.3, 0.2},
                new double[][] {{-2.0, 1.0}, {0.5, -2.5}, {2.6, 2.0}},
                new double[][] {{2.0, 3.0}, {3.0, 1.5}, {4.0, 4.0}});
        int steps = 1500;
        try (NDManager m = NDManager.newBaseManager()) {
            List<Domain> domains = List.of(Domain.circular(), Domain.circular());
            NormalizingFlow flow = new NormalizingFlow(ProductDistribution.forDomains(m, domains, DataType.FLOAT64),
                    SplineStacks.coupling(m, domains, 4, SplineSettings.of(8), new int[] {32, 32}, Activation.TANH,
                            DataType.FLOAT64, 3L));
            Trainer trainer = Trainer.builder(flow).learningRate(
                    Tracker.cosine().setBaseValue(5e-3f).optFinalValue(1e-4f).setMaxUpdates(steps).build()).build();
            trainer.fit((mm, step, seed) -> flow.reverseKld(mm, 256, target, 1.0, seed), 0, steps, 4L, r -> { });
            double[][] q = densityOnGrid(flow);
            for (int axis = 0; axis < 2; axis++) {
                double tv = 0;
                double h = 2 * Math.PI / GRID;
                for (int i = 0; i < GRID; i++) {
                    double marginal = 0;
                    for (int j = 0; j < GRID; j++) {
                        marginal += (axis == 0 ? q[i][j] : q[j][i]) * h;
                    }
                    tv += 0.5 * Math.abs(marginal - target.marginal(axis, -Math.PI + (i + 0.5) * h)) * h;
                }
                System.out.printf("torus: total variation of marginal %d = %.5f after %d steps%n", axis, tv, steps);
                assertTrue(tv <= 0.02, "marginal " + axis + " total variation " + tv);
            }
        }
    }

    /** The flow's density q[i][j] at the midpoints (angle i, angle j) of a GRID × GRID grid over the torus. */
    private static double[][] densityOnGrid(NormalizingFlow flow) {
        double h = 2 * Math.PI / GRID;
        double[] points = new double[2 * GRID * GRID];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                points[2 * (i * GRID + j)] = -Math.PI + (i + 0.5) * h;
                points[2 * (i * GRID + j) + 1] = -Math.PI + (j + 0.5) * h;
            }
        }
        double[] logQ;
        try (NDManager scratch = NDManager.newBaseManager()) {
            logQ = flow.logProb(scratch.create(points).reshape(GRID * GRID, 2)).toDoubleArray();
        }
        double[][] q = new double[GRID][GRID];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                q[i][j] = Math.exp(logQ[i * GRID + j]);
            }
        }
        return q;
    }
}
