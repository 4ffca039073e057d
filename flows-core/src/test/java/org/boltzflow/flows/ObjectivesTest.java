package org.boltzflow.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sampled reverse objectives of {@link NormalizingFlow} against their closed forms for q = N(0, 1) and the
 * normalized target p = N(μ, 1): KL(q‖p) = μ²/2, and the alpha-divergence estimate sign(α-1)·log E_q[(p/q)^α] =
 * sign(α-1)·α(α-1)μ²/2; the weighted forward KL on q's draws against the cross-entropy E_p[-log q].
 */
class ObjectivesTest {
    private static final double MU = 0.5;
    private static final int SAMPLES = 200_000;

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    private static Target shiftedGaussian() {
        return new Target() {
            @Override
            public int dim() {
                return 1;
            }

            @Override
            public NDArray logProb(NDArray x) {
                NDArray d = x.sub(MU);
                return NDMath.scale(d.mul(d).sum(new int[] {1}), -0.5).sub(0.5 * Math.log(2 * Math.PI));
            }
        };
    }

    @Test
    void reverseKlAndAlphaDivergencesMatchTheirClosedForms() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = new NormalizingFlow(new DiagonalGaussian(manager, 1, false, DataType.FLOAT64),
                    List.of());
            Target p = shiftedGaussian();
            assertEquals(MU * MU / 2, flow.reverseKld(manager, SAMPLES, p, 1.0, 3L).getDouble(), 0.005);
            assertEquals(MU * MU, flow.reverseAlphaDiv(manager, SAMPLES, p, 2.0, 4L).getDouble(), 0.02);
            assertEquals(MU * MU / 8, flow.reverseAlphaDiv(manager, SAMPLES, p, 0.5, 5L).getDouble(), 0.005);
            assertThrows(IllegalArgumentException.class, () -> flow.reverseAlphaDiv(manager, 10, p, 1.0, 6L));
        }
    }

    @Test
    void alphaDivergenceIsTheSignedLogMeanOfPowersOfTheWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] logP = {0.1, -0.3, 0.7};
            double[] logQ = {0.2, 0.1, -0.4};
            for (double alpha : new double[] {2.0, 0.5}) {
                double mean = 0;
                for (int i = 0; i < 3; i++) {
                    mean += Math.exp(alpha * (logP[i] - logQ[i])) / 3;
                }
                double expected = Math.signum(alpha - 1) * Math.log(mean);
                assertEquals(expected, NormalizingFlow.alphaDivergence(manager.create(logP), manager.create(logQ),
                        alpha).getDouble(), 1e-14, "alpha " + alpha);
            }
        }
    }

    @Test
    void weightedForwardKlOnTheFlowsDrawsIsTheCrossEntropyWithMaximumLikelihoodsGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian base = new DiagonalGaussian(manager, 1, true, DataType.FLOAT64);
            NormalizingFlow flow = new NormalizingFlow(base, List.of());
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = flow.weightedForwardKld(manager, SAMPLES, shiftedGaussian(), 7L);
                loss = l.getDouble();
                gc.backward(l);
            }
            // E_p[-log q] = log(2π)/2 + (1 + μ²)/2; d/dloc = loc - μ, d/dlogScale = 1 - E_p[(x - loc)²] = -μ²:
            // the draws are constants (through them the gradient in loc would vanish)
            assertEquals(0.5 * Math.log(2 * Math.PI) + 0.5 * (1 + MU * MU), loss, 0.01);
            List<Parameter> parameters = flow.parameters();
            assertEquals(-MU, parameters.get(0).getArray().getGradient().getDouble(0, 0), 0.01);
            assertEquals(-MU * MU, parameters.get(1).getArray().getGradient().getDouble(0, 0), 0.02);
        }
    }
}
