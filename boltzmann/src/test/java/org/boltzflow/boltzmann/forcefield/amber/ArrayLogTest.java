package org.boltzflow.boltzmann.forcefield.amber;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ArrayLog} against {@code StrictMath.log} over the positive normal doubles. */
class ArrayLogTest {
    @Test
    void isWithinTwoUlpOfStrictMath() {
        SplittableRandom random = new SplittableRandom(7);
        int count = 200_000;
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (i % 5) {
                case 0 -> 0.05 + 4 * random.nextDouble();
                case 1 -> 0.2 + 0.8 * random.nextDouble(); // the L/U of real molecules
                case 2 -> 1 + 1e-6 * (random.nextDouble() - 0.5); // near 1, where ln is tiny
                case 3 -> Math.sqrt(0.5) * (1 + 1e-9 * (random.nextDouble() - 0.5)); // where m wraps around
                default -> Math.exp(1400 * (random.nextDouble() - 0.5));
            };
        }
        values[0] = Double.MIN_NORMAL;
        values[1] = Double.MAX_VALUE;
        values[2] = 1;
        values[3] = Math.nextDown(1.0);
        values[4] = Math.nextUp(1.0);
        double[] logs = values.clone();
        ArrayLog.inPlace(logs, count, new double[count]);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            double exact = StrictMath.log(values[i]);
            double ulps = exact == 0 ? Math.abs(logs[i]) / Double.MIN_NORMAL : Math.abs(logs[i] - exact) / Math.ulp(exact);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 2, "ln " + values[i] + ": " + logs[i] + " vs " + exact);
        }
        System.out.printf("ArrayLog: worst %.1f ulp over %d values%n", worst, count);
    }
}
