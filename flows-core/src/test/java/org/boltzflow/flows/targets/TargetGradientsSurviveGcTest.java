package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Target;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.distributions.GaussianMixture;
import org.boltzflow.flows.distributions.VonMises;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gradients of targets' and base distributions' log-densities do not change when the JVM collects garbage. */
class TargetGradientsSurviveGcTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void toyTargetGradientsSurviveGc() {
        try (NDManager manager = NDManager.newBaseManager()) {
            check(new TwoMoons(DataType.FLOAT64), manager, 2);
            check(new EightGaussians(), manager, 2);
            check(new Ring(), manager, 2);
            check(new CylinderTarget(DataType.FLOAT64), manager, 2);
            check(new ManyWell(4), manager, 4);
        }
    }

    @Test
    void baseDistributionGradientsSurviveGc() {
        try (NDManager manager = NDManager.newBaseManager()) {
            check(new DiagonalGaussian(manager, 3, true, DataType.FLOAT64), manager, 3);
            check(GaussianMixture.random(manager, 3, 2, true, DataType.FLOAT64, 4L), manager, 2);
            check(new VonMises(manager, new double[] {0.5, -3.0}, new double[] {0.3, 25.0}, true, DataType.FLOAT64),
                    manager, 2);
        }
    }

    private static void check(Target target, NDManager manager, int dim) {
        NDArray x = Rng.normal(manager, new Shape(8, dim), DataType.FLOAT64, 3L).mul(1.5);
        HasParameters model = target instanceof HasParameters owner ? owner : new HasParameters() {};
        LayerChecks.assertGradientSurvivesGc(model, point -> {
            NDArray logP = target.logProb(point);
            return new FlowResult(logP, logP.zerosLike());
        }, x, target.getClass().getSimpleName() + " logProb");
    }
}
