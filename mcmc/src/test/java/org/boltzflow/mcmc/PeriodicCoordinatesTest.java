package org.boltzflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.Target;
import org.boltzflow.flows.distributions.UniformBox;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PeriodicCoordinatesTest {
    private static final List<Domain> ANGLE_AND_LINE = List.of(Domain.circular(), Domain.unbounded(5));

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void wrapsCircularColumnsIntoTheirIntervalAndLeavesTheOthers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new double[] {4.0, 4.0, -3.5, -3.5, 0.25, 7.0, 3 * Math.PI, -9.0},
                    new Shape(4, 2));
            double[] wrapped = PeriodicCoordinates.of(ANGLE_AND_LINE).wrap(x).toDoubleArray();
            assertArrayEquals(new double[] {4.0 - 2 * Math.PI, 4.0, -3.5 + 2 * Math.PI, -3.5, 0.25, 7.0, -Math.PI,
                    -9.0}, wrapped, 1e-12);
        }
    }

    @Test
    void gradientsPassThroughTheWrap() {
        try (NDManager manager = NDManager.newBaseManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = manager.create(new double[] {4.0, 1.5, -7.0, -2.0}, new Shape(2, 2));
            x.setRequiresGradient(true);
            NDArray wrapped = PeriodicCoordinates.of(ANGLE_AND_LINE).wrap(x);
            collector.backward(wrapped.square().sum());
            double[] expected = wrapped.toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= 2;
            }
            assertArrayEquals(expected, x.getGradient().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void withoutCircularCoordinatesTheDensitiesAreLeftAsTheyAre() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UniformBox box = new UniformBox(manager, new double[] {0}, new double[] {1}, DataType.FLOAT64);
            PeriodicCoordinates none = PeriodicCoordinates.of(List.of(Domain.bounded(0, 1)));
            assertSame(box, none.wrapping((Distribution) box));
            assertSame(box, none.wrapping((Target) box));
        }
    }

    /**
     * AIS from the uniform circle to a von Mises density centred on the boundary (μ = π, κ = 4): on the torus the
     * chains cross the boundary, and the weighted mean of cos x is the density's (-I1(κ)/I0(κ)); without wrapping
     * the steps that cross it are rejected, so fewer are accepted.
     */
    @Test
    void aisOnTheTorusReachesAVonMisesDensityCentredOnTheBoundary() {
        double kappa = 4;
        Target vonMises = new Target() {
            @Override
            public int dim() {
                return 1;
            }

            @Override
            public NDArray logProb(NDArray x) {
                NDArray inside = x.gte(-Math.PI).logicalAnd(x.lt(Math.PI)).toType(x.getDataType(), false);
                return x.sub(Math.PI).cos().mul(kappa).add(inside.log()).squeeze(1);
            }
        };
        PeriodicCoordinates torus = PeriodicCoordinates.of(List.of(Domain.circular()));
        try (NDManager manager = NDManager.newBaseManager()) {
            UniformBox circle = new UniformBox(manager, new double[] {-Math.PI}, new double[] {Math.PI},
                    DataType.FLOAT64);
            AisResult wrapped = new SequentialMonteCarlo(torus.wrapping((Distribution) circle),
                    torus.wrapping(vonMises), AnnealingSchedule.fixed(21), new RandomWalkMetropolis(1.0), 3, 0)
                    .run(manager, 4000, 11L);
            AisResult open = new SequentialMonteCarlo(circle, vonMises, AnnealingSchedule.fixed(21),
                    new RandomWalkMetropolis(1.0), 3, 0).run(manager, 4000, 11L);
            double[] x = torus.wrap(wrapped.x()).toDoubleArray();
            double[] w = ImportanceWeights.normalized(wrapped.logWeights());
            double meanCos = 0;
            double meanCos2 = 0;
            for (int i = 0; i < x.length; i++) {
                meanCos += w[i] * Math.cos(x[i]);
                meanCos2 += w[i] * Math.cos(x[i]) * Math.cos(x[i]);
            }
            double ess = ImportanceWeights.kishFraction(wrapped.logWeights()) * x.length;
            double error = Math.sqrt((meanCos2 - meanCos * meanCos) / ess);
            double expected = meanCosOfVonMises(kappa);
            assertEquals(expected, meanCos, 4 * error, "E[cos x] " + meanCos + " ± " + error);
            assertTrue(wrapped.meanAcceptance() > open.meanAcceptance() + 0.1,
                    wrapped.meanAcceptance() + " vs " + open.meanAcceptance());
        }
    }

    /** E[cos x] under the von Mises density centred on π, by the trapezoid rule (exact for periodic integrands). */
    private static double meanCosOfVonMises(double kappa) {
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < 4096; i++) {
            double x = -Math.PI + 2 * Math.PI * i / 4096;
            double density = Math.exp(kappa * Math.cos(x - Math.PI));
            numerator += Math.cos(x) * density;
            denominator += density;
        }
        return numerator / denominator;
    }
}
