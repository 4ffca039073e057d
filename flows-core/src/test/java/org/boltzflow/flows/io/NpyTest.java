package org.boltzflow.flows.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrays larger than one block of the streamed reader and writer, in float64 and float32. */
class NpyTest {
    @TempDir
    Path dir;

    private static double[] values(int n) {
        SplittableRandom random = new SplittableRandom(11);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian() * Math.exp(random.nextDouble(-30, 30));
        }
        return v;
    }

    @Test
    void arraysOfSeveralBlocksRoundTripExactlyInBothPrecisions() throws IOException {
        double[] v = values(3 * 100_001); // 2.4 MB of float64: three blocks, the last one partial
        Path wide = dir.resolve("wide.npy");
        Npy.write(wide, new NpyArray(v, new int[] {100_001, 3}));
        NpyArray back = Npy.read(wide);
        assertArrayEquals(v, back.data(), 0.0);
        assertArrayEquals(new int[] {100_001, 3}, back.shape());
        assertFalse(Npy.holdsFloat32(wide));
        assertArrayEquals(Npy.encode(new NpyArray(v, new int[] {100_001, 3})), Files.readAllBytes(wide));

        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        Path single = dir.resolve("single.npy");
        Npy.writeFloats(single, f, new int[] {100_001, 3});
        assertTrue(Npy.holdsFloat32(single));
        assertEquals(128 + 4L * v.length, Files.size(single));
        Npy.Floats exact = Npy.readFloats(single);
        assertArrayEquals(f, exact.data(), 0f);
        assertArrayEquals(f, Npy.readFloats(wide).data(), 0f, "float64 values are rounded to the nearest float");
        double[] widened = Npy.read(single).data();
        for (int i = 0; i < v.length; i++) {
            assertEquals(f[i], widened[i], 0.0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.writeFloats(dir.resolve("bad.npy"), f, new int[] {2, 3}));
        assertTrue(e.getMessage().contains("holds 6 values, data has 300003"), e.getMessage());
    }

    @Test
    void aFileCutInItsSecondBlockIsRefusedWithTheBytesItHolds() throws IOException {
        Path whole = dir.resolve("whole.npy");
        Npy.write(whole, new NpyArray(values(200_000), new int[] {200_000}));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(bytes, 128 + 1_500_000));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(cut));
        assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("header promises 200000 values of 8 "
                + "bytes (1600000 bytes), the file holds 1500000"), e.getMessage());
    }
}
