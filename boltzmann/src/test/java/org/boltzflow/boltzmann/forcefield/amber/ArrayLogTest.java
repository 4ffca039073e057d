package org.boltzflow.boltzmann.forcefield.amber;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ArrayLog} against {@code StrictMath.log} over its whole range. */
class ArrayLogTest {
    @Test
    void isWithinThreeUlpOfStrictMath() {
        SplittableRandom random = new SplittableRandom(7);
        int count = 200_000;
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (i % 4) {
                case 0 -> ArrayLog.MIN + (ArrayLog.MAX - ArrayLog.MIN) * random.nextDouble();
                case 1 -> 0.2 + 0.8 * random.nextDouble(); // the L/U of real molecules
                case 2 -> 1 + 1e-6 * (random.nextDouble() - 0.5); // near 1, where ln is tiny
                default -> Math.exp(Math.log(ArrayLog.MIN) + Math.log(ArrayLog.MAX / ArrayLog.MIN) * random.nextDouble());
            };
        }
        values[0] = ArrayLog.MIN;
        values[1] = ArrayLog.MAX;
        values[2] = 1;
        double[] logs = values.clone();
        ArrayLog.inPlace(logs, count, new double[count], new double[count]);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            double exact = StrictMath.log(values[i]);
            double ulps = exact == 0 ? Math.abs(logs[i]) / Double.MIN_NORMAL : Math.abs(logs[i] - exact) / Math.ulp(exact);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 3, "ln " + values[i] + ": " + logs[i] + " vs " + exact);
        }
        System.out.printf("ArrayLog: worst %.1f ulp over %d values%n", worst, count);
    }
}
