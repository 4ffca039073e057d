package org.boltzflow.boltzmann.coordinates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SuperpositionTest {
    @Test
    void kabschRmsdIgnoresRigidMotionAndMatchesTheDirectSum() {
        double[] a = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1.5};
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double[] moved = new double[a.length];
        for (int i = 0; i < 4; i++) {
            moved[3 * i] = c * a[3 * i] - s * a[3 * i + 1] + 2;
            moved[3 * i + 1] = s * a[3 * i] + c * a[3 * i + 1] - 1;
            moved[3 * i + 2] = a[3 * i + 2] + 0.5;
        }
        assertEquals(0, Superposition.rmsd(a, moved), 1e-12);
        double[] b = a.clone();
        b[11] += 0.4;
        b[2] -= 0.4;
        double[] fitted = Superposition.superpose(b, new int[] {0, 1, 2, 3}, Superposition.centered(a));
        double direct = 0;
        double[] ac = Superposition.centered(a);
        for (int k = 0; k < a.length; k++) {
            direct += (fitted[k] - ac[k]) * (fitted[k] - ac[k]);
        }
        assertEquals(Math.sqrt(direct / 4), Superposition.rmsd(a, b), 1e-12);
    }
}
