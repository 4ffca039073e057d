package org.boltzflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.distributions.UniformBox;
import org.boltzflow.flows.layers.ShiftScale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LatentTargetTest {
    private static final double[] SHIFT = {0.5, -1.0};
    private static final double[] LOG_SCALE = {0.3, -0.7};

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void isTheTargetAtTheMappedPointPlusTheLogDeterminant() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = new NormalizingFlow(TestDistributions.gaussian(manager, new double[2],
                    new double[] {1, 1}), List.of(affine(manager)));
            DiagonalGaussian target = TestDistributions.gaussian(manager, new double[] {1, 2}, new double[] {0.5, 3});
            double[][] z = {{0.2, -1.3}, {2.5, 0.4}, {-0.7, 0.0}};
            double[] latent = TestDistributions.logProb(new LatentTarget(flow, target), manager.create(z));
            for (int i = 0; i < z.length; i++) {
                double expected = LOG_SCALE[0] + LOG_SCALE[1];
                double[] mean = {1, 2};
                double[] std = {0.5, 3};
                for (int d = 0; d < 2; d++) {
                    double x = z[i][d] * Math.exp(LOG_SCALE[d]) + SHIFT[d];
                    double u = (x - mean[d]) / std[d];
                    expected += -0.5 * u * u - Math.log(std[d]) - 0.5 * Math.log(2 * Math.PI);
                }
                assertEquals(expected, latent[i], 1e-12, "row " + i);
            }
        }
    }

    @Test
    void theFlowsOwnDensityPullsBackToItsBase() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalizingFlow flow = new NormalizingFlow(TestDistributions.gaussian(manager, new double[2],
                    new double[] {1, 1}), List.of(affine(manager)));
            NDArray z = manager.create(new double[][] {{0.1, 0.9}, {-2.0, 1.5}});
            double[] latent = TestDistributions.logProb(new LatentTarget(flow, flow), z);
            double[] base = TestDistributions.logProb(flow.base(), z);
            assertEquals(base[0], latent[0], 1e-12);
            assertEquals(base[1], latent[1], 1e-12);
        }
    }

    @Test
    void pointsOutsideTheSupportOrThatTheFlowRefusesOrWhereTheTargetIsNanHaveDensityZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            UniformBox box = new UniformBox(manager, new double[] {-1, -1}, new double[] {1, 1}, DataType.FLOAT64);
            NormalizingFlow flow = new NormalizingFlow(box, List.of(refusingAbove(0.5)));
            org.boltzflow.flows.Target nanLeft = new org.boltzflow.flows.Target() {
                @Override
                public int dim() {
                    return 2;
                }

                @Override
                public NDArray logProb(NDArray x) {
                    return x.get(":, 0").log().neg();
                }
            };
            NDArray z = manager.create(new double[][] {{0.25, 0.0}, {1.5, 0.0}, {0.75, 0.0}, {-0.5, 0.0}});
            double[] latent = TestDistributions.logProb(new LatentTarget(flow, nanLeft), z);
            assertEquals(-Math.log(0.25), latent[0], 1e-12, "inside: -log x");
            assertEquals(Double.NEGATIVE_INFINITY, latent[1], "outside the box");
            assertEquals(Double.NEGATIVE_INFINITY, latent[2], "refused by the layer");
            assertEquals(Double.NEGATIVE_INFINITY, latent[3], "target NaN");
            assertEquals(2, new LatentTarget(flow, nanLeft).dim());
        }
    }

    @Test
    void rowsALayerNamesAsOutsideItsDomainGetDensityZeroAndTheRestStayOneBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian base = TestDistributions.gaussian(manager, new double[2], new double[] {1, 1});
            int[] calls = new int[1];
            NormalizingFlow flow = new NormalizingFlow(base, List.of(affine(manager), namingAbove(1.0, calls)));
            double[][] z = new double[64][2];
            for (int i = 0; i < z.length; i++) {
                z[i][0] = -2 + 4.0 * i / z.length;
                z[i][1] = 0.3 - 0.01 * i;
            }
            double[] latent = TestDistributions.logProb(new LatentTarget(flow, base), manager.create(z));
            double[] plain = TestDistributions.logProb(new LatentTarget(
                    new NormalizingFlow(base, List.of(affine(manager))), base), manager.create(z));
            int refused = 0;
            for (int i = 0; i < z.length; i++) {
                double x0 = z[i][0] * Math.exp(LOG_SCALE[0]) + SHIFT[0];
                if (x0 > 1.0) {
                    refused++;
                    assertEquals(Double.NEGATIVE_INFINITY, latent[i], "row " + i + " is outside");
                } else {
                    assertEquals(plain[i], latent[i], 1e-12, "row " + i + " is mapped as without the refusing layer");
                }
            }
            assertTrue(refused > 10 && refused < 50, "refused " + refused);
            assertEquals(2, calls[0], "one refused batch, then the remaining rows as one batch");
        }
    }

    @Test
    void aFlowWithAStochasticLayerIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian base = TestDistributions.gaussian(manager, new double[2], new double[] {1, 1});
            NormalizingFlow snf = new NormalizingFlow(base, List.of(affine(manager),
                    new McmcLayer(base, base, 1.0, 1, new RandomWalkMetropolis(0.1))));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LatentTarget(snf, base));
            assertTrue(e.getMessage().contains("McmcLayer"), e.getMessage());
        }
    }

    private static ShiftScale affine(NDManager manager) {
        ShiftScale layer = new ShiftScale(manager, 2, DataType.FLOAT64);
        layer.parameters().get(0).getArray().set(SHIFT);
        layer.parameters().get(1).getArray().set(LOG_SCALE);
        return layer;
    }

    /** The identity, refusing every row with a first coordinate above {@code limit} by name; counts its calls. */
    private static FlowLayer namingAbove(double limit, int[] calls) {
        return identityChecking(z -> {
            calls[0]++;
            double[] first = z.get(":, 0").toDoubleArray();
            long[] above = java.util.stream.IntStream.range(0, first.length).filter(i -> first[i] > limit)
                    .asLongStream().toArray();
            if (above.length > 0) {
                throw new org.boltzflow.flows.RowsOutsideDomainException("first coordinate above " + limit, above);
            }
        });
    }

    /** The identity, refusing (as the coordinate layers do) any batch with a first coordinate above {@code limit}. */
    private static FlowLayer refusingAbove(double limit) {
        return identityChecking(z -> {
            if (z.get(":, 0").max().getDouble() > limit) {
                throw new IllegalArgumentException("first coordinate above " + limit);
            }
        });
    }

    /** The identity map, after {@code check} has seen (and may refuse) each batch. */
    private static FlowLayer identityChecking(java.util.function.Consumer<NDArray> check) {
        return new FlowLayer() {
            @Override
            public FlowResult forward(NDArray z) {
                check.accept(z);
                return new FlowResult(z, z.getManager().zeros(new Shape(z.getShape().get(0)), z.getDataType()));
            }

            @Override
            public FlowResult inverse(NDArray x) {
                return forward(x);
            }

            @Override
            public JsonObject toJson() {
                return new JsonObject();
            }
        };
    }
}
