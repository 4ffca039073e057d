package org.boltzflow.boltzmann.cv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CollectiveVariableTest {
    @Test
    void dihedralFollowsTheIupacSignConvention() {
        Dihedral t = new Dihedral("t", 0, 1, 2, 3);
        assertEquals(Math.PI / 2, t.value(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1}), 1e-14);
        assertEquals(-Math.PI / 2, t.value(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, -1, 1}), 1e-14);
        assertEquals(-Math.PI, t.value(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 1, -1, 0, 1}), 1e-14);
        assertTrue(t.periodic());
    }

    @Test
    void angleAndDistanceOfAHandBuiltTriangle() {
        // atoms at (1,0,0), origin, (1,1,0)·2: the angle at the origin is 45°, the distance 0-2 is √(1 + 4)
        double[] xyz = {1, 0, 0, 0, 0, 0, 2, 2, 0};
        assertEquals(Math.PI / 4, new BondAngle("a", 0, 1, 2).value(xyz), 1e-15);
        assertEquals(Math.PI, new BondAngle("a", 0, 1, 2).value(new double[] {1, 0, 0, 0, 0, 0, -3, 0, 0}), 1e-15);
        assertEquals(Math.sqrt(5), new Distance("d", 0, 2).value(xyz), 1e-15);
        double[] twoFrames = {1, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0};
        assertArrayEquals(new double[] {Math.sqrt(5), 4}, new Distance("d", 0, 2).values(twoFrames, 3), 1e-15);
        assertFalse(new BondAngle("a", 0, 1, 2).periodic());
    }

    @Test
    void rmsdOfAScaledRotatedTranslatedCopyIsClosedForm() {
        // x = R s r + t for a centred reference r: the best superposition undoes R and t, leaving |s - 1| · |r|/√n
        SplittableRandom random = new SplittableRandom(3);
        int n = 7;
        double[] reference = new double[3 * n];
        for (int k = 0; k < reference.length; k++) {
            reference[k] = random.nextDouble(-1, 1);
        }
        reference = org.boltzflow.boltzmann.coordinates.Superposition.centered(reference);
        double scale = 1.3;
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double[] frame = new double[3 * n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double x = scale * reference[3 * i];
            double y = scale * reference[3 * i + 1];
            double z = scale * reference[3 * i + 2];
            frame[3 * i] = c * x - s * y + 5;
            frame[3 * i + 1] = s * x + c * y - 2;
            frame[3 * i + 2] = z + 0.5;
            norm += reference[3 * i] * reference[3 * i] + reference[3 * i + 1] * reference[3 * i + 1]
                    + reference[3 * i + 2] * reference[3 * i + 2];
        }
        int[] all = {0, 1, 2, 3, 4, 5, 6};
        Rmsd rmsd = new Rmsd("r", all, reference);
        assertEquals(0.3 * Math.sqrt(norm / n), rmsd.value(frame), 1e-12);
        double[] unscaled = frame.clone();
        assertEquals(0, new Rmsd("r", all, frame).value(unscaled), 1e-12);
        double[] twoFrames = new double[6 * n];
        System.arraycopy(reference, 0, twoFrames, 0, 3 * n);
        System.arraycopy(frame, 0, twoFrames, 3 * n, 3 * n);
        assertArrayEquals(new double[] {0, 0.3 * Math.sqrt(norm / n)}, rmsd.values(twoFrames, n), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Rmsd("r", new int[] {0, 1}, new double[6]));
    }

    @Test
    void anyJavaFunctionIsAVariable() {
        CollectiveVariable x0 = CollectiveVariable.of("x0", CollectiveVariable.Unit.NANOMETER, false, xyz -> xyz[0]);
        assertArrayEquals(new double[] {1, 4}, x0.values(new double[] {1, 2, 3, 4, 5, 6}, 1), 0);
        assertEquals(4, x0.value(new double[] {1, 2, 3, 4, 5, 6}, 3), 0);
        assertThrows(IllegalArgumentException.class, () -> x0.values(new double[] {1, 2, 3, 4}, 1));
    }

    @Test
    void repeatedOrNegativeAtomsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dihedral("p", 1, 2, 1, 3));
        assertTrue(e.getMessage().contains("p: atom 1 is given twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Distance("d", -1, 2));
    }
}
