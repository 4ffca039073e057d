package org.boltzflow.flows.layers;

import static org.boltzflow.flows.testing.LayerChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CircularShiftTest {
    private static final List<Domain> DOMAINS = List.of(Domain.circular(), Domain.unbounded(3.0),
            new Domain(Domain.Kind.CIRCULAR, 0.0, 1.0));

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void shiftsAnglesModuloThePeriodAndLeavesOtherCoordinates() {
        try (NDManager m = NDManager.newBaseManager()) {
            CircularShift shift = new CircularShift(DOMAINS, new double[] {1.0, 0.0, 0.75});
            NDArray x = m.create(new double[][] {{-Math.PI, 5.0, 0.0}, {3.0, -1.0, 0.5}, {Math.PI - 1.0, 0.0, 0.25}});
            FlowResult r = shift.forward(x);
            double[] expected = {-Math.PI + 1.0, 5.0, 0.75, 4.0 - 2 * Math.PI, -1.0, 0.25, -Math.PI, 0.0, 0.0};
            assertClose(expected, r.value().toDoubleArray(), 1e-14, "shifted");
            assertClose(new double[3], r.logDet().toDoubleArray(), 0.0, "log-det");
        }
    }

    @Test
    void randomShiftRoundTripsAndStaysInTheInterval() {
        try (NDManager m = NDManager.newBaseManager()) {
            CircularShift shift = CircularShift.random(DOMAINS, 5L);
            assertArrayEquals(shift.offsets(), CircularShift.random(DOMAINS, 5L).offsets());
            assertEquals(0.0, shift.offsets()[1]);
            NDArray u = Rng.uniform(m, new Shape(200, 3), DataType.FLOAT64, 0.0, 1.0, 6L);
            NDArray x = u.mul(m.create(new double[] {2 * Math.PI, 8.0, 1.0}).reshape(1, 3))
                    .add(m.create(new double[] {-Math.PI, -4.0, 0.0}).reshape(1, 3));
            LayerChecks.assertRoundTrip(shift, x, 1e-12);
            double[] y = shift.forward(x).value().toDoubleArray();
            for (int i = 0; i < y.length; i += 3) {
                assertTrue(y[i] >= -Math.PI && y[i] < Math.PI, "angle " + y[i]);
                assertTrue(y[i + 2] >= 0.0 && y[i + 2] < 1.0, "unit-period angle " + y[i + 2]);
            }
        }
    }

    @Test
    void savedArchitectureRebuildsTheSameShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerChecks.assertRebuildsFromJson(CircularShift.constant(DOMAINS, 0.3),
                    m.create(new double[][] {{0.5, 1.0, 0.2}, {-3.0, -2.0, 0.9}}));
        }
    }

    @Test
    void offsetsOnNonCircularCoordinatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CircularShift(DOMAINS, new double[] {0.0, 1.0, 0.0}));
    }
}
