package org.boltzflow.boltzmann.forcefield.amber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ArrayExp} against {@code StrictMath.exp} over its whole range and at its ends. */
class ArrayExpTest {
    @Test
    void isWithinTwoUlpOfStrictMath() {
        SplittableRandom random = new SplittableRandom(11);
        int count = 200_000;
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = switch (i % 3) {
                case 0 -> ArrayExp.MAX * random.nextDouble();
                case 1 -> 5 * random.nextDouble(); // the r²/(4 B_i B_j) of near pairs
                default -> 1e-8 * random.nextDouble(); // near 0, where exp(-x) is 1 - x
            };
        }
        x[0] = 0;
        x[1] = ArrayExp.MAX;
        x[2] = 0.5 * Math.log(2); // |r| at its largest
        double[] exp = new double[count];
        ArrayExp.ofNegative(x, exp, new double[count], count);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            double exact = StrictMath.exp(-x[i]);
            double ulps = Math.abs(exp[i] - exact) / Math.ulp(exact);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 2, "exp(-" + x[i] + "): " + exp[i] + " vs " + exact);
        }
        System.out.printf("ArrayExp: worst %.1f ulp over %d values%n", worst, count);
    }

    @Test
    void clampsBeyondMaxAndKeepsNaN() {
        double[] x = {1000, Double.POSITIVE_INFINITY, Double.NaN};
        double[] exp = new double[3];
        ArrayExp.ofNegative(x, exp, new double[3], 3);
        assertEquals(StrictMath.exp(-ArrayExp.MAX), exp[0], Math.ulp(exp[0]) * 2);
        assertEquals(exp[0], exp[1]);
        assertTrue(Double.isNaN(exp[2]));
    }
}
