package org.boltzflow.flows.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MaskedAffineAutoregressiveTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    private static MaskedAffineAutoregressive layer(NDManager manager, MaskedAffineAutoregressive.Direction d) {
        return new MaskedAffineAutoregressive(manager, new int[] {10}, new int[] {1, 2, 0}, Activation.TANH, 2.0, d,
                DataType.FLOAT64, 4L);
    }

    @Test
    void freshLayerIsTheIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = Rng.normal(manager, new Shape(3, 3), DataType.FLOAT64, 1L);
            for (MaskedAffineAutoregressive.Direction d : MaskedAffineAutoregressive.Direction.values()) {
                FlowResult r = layer(manager, d).forward(z);
                assertArrayEquals(z.toDoubleArray(), r.value().toDoubleArray());
                assertArrayEquals(new double[3], r.logDet().toDoubleArray());
            }
        }
    }

    /** The Jacobian is triangular in the ordering: x_i depends on z_j only if j comes no later than i. */
    @Test
    void outputsFollowTheAutoregressiveOrdering() {
        int[] ordering = {1, 2, 0};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (MaskedAffineAutoregressive.Direction d : MaskedAffineAutoregressive.Direction.values()) {
                MaskedAffineAutoregressive layer = layer(manager, d);
                LayerChecks.perturb(layer, 0.5, 2L);
                double[] z = {0.3, -0.8, 1.1};
                double[] x = layer.forward(manager.create(z).reshape(1, 3)).value().toDoubleArray();
                for (int j = 0; j < 3; j++) {
                    double[] moved = z.clone();
                    moved[j] += 0.5;
                    double[] xm = layer.forward(manager.create(moved).reshape(1, 3)).value().toDoubleArray();
                    for (int i = 0; i < 3; i++) {
                        if (ordering[j] > ordering[i]) {
                            assertEquals(x[i], xm[i], 0.0, d + ": x" + i + " must not depend on z" + j);
                        }
                    }
                }
            }
        }
    }
}
