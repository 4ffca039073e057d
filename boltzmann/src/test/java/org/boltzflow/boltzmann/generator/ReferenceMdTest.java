package org.boltzflow.boltzmann.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.md.ReplicaExchange;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.mcmc.Resampling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference MD: chains from one common starting structure or from one structure each; chains as replica exchanges
 * (each the exchange run of its seed, thread-independent), their lowest replica or all replicas pooled; refusals.
 */
class ReferenceMdTest {
    private static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));

    private static AmberForceField alanine() throws IOException {
        return AmberForceField.load(DATA.resolve("alanine-dipeptide/alanine-dipeptide.prmtop"), Solvent.VACUUM);
    }

    /** Two chains of 200 steps of alanine dipeptide at 300 K, a frame every 10 steps, seed 9. */
    private static ReferenceMd twoShortChains() throws IOException {
        AmberForceField ff = alanine();
        return new ReferenceMd(new ThermodynamicState(ff, 300), ff.topology().masses(),
                new ReferenceMd.Settings(2, 0, 200, 10, 0.001, 1.0), 9);
    }

    private static double[] alanineStart() throws IOException {
        return PdbFile.read(DATA.resolve("alanine-dipeptide/alanine-dipeptide.pdb")).trajectory().frame(0);
    }

    /** A configuration as the reference MD returns it: each coordinate rounded to single precision. */
    private static double[] rounded(double[] positions) {
        double[] r = new double[positions.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) positions[i];
        }
        return r;
    }

    @Test
    void aReplicaExchangeChainIsTheLowestReplicaOfItsSeedAndIndependentOfThreads() throws IOException {
        AmberForceField ff = alanine();
        double[] start = alanineStart();
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        ReferenceMd.Settings settings = new ReferenceMd.Settings(2, 100, 1000, 50, 0.001, 1.0, 3, 480, false);
        ReferenceMd md = new ReferenceMd(state, ff.topology().masses(), settings, 7);
        assertArrayEquals(new double[] {300, 300 * Math.sqrt(1.6), 480}, md.ladder(), 1e-9);

        AtomicLong progress = new AtomicLong();
        Trajectory two = md.run(start, 2, progress::addAndGet);
        Trajectory one = md.run(start, 1, steps -> {});
        assertEquals(2 * 1000 / 50, two.frameCount());
        assertEquals(md.totalSteps(), progress.get());
        assertEquals(2L * 3 * 1100, md.totalSteps());
        assertArrayEquals(one.flatten(), two.flatten(), 0.0, "the thread count changes nothing");

        ReplicaExchange.Result second = new ReplicaExchange(state, md.ladder(), ff.topology().masses(), 0.001, 1.0,
                Rng.derive(7, 1)).run(start, 100, 1000, 50, 50, 1, () -> {});
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(rounded(second.samples()[i]), two.frame(20 + i), 0.0, "frame " + i + " of chain 1");
        }
        assertTrue(second.acceptance()[0] > 0 && second.acceptance()[1] > 0, "replicas swap");
        assertTrue(two.isSinglePrecision(), "reference frames are held in single precision");
        assertNull(md.run(start, 2, steps -> {}, () -> true), "a stop leaves no frames");
    }

    @Test
    void pooledReplicasAreEveryReplicaWeightedByMbarAndResampledInTimeOrder() throws IOException {
        AmberForceField ff = alanine();
        double[] start = alanineStart();
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        ReferenceMd md = new ReferenceMd(state, ff.topology().masses(),
                new ReferenceMd.Settings(1, 200, 4000, 10, 0.001, 1.0, 3, 480, true), 5);
        Trajectory pooled = md.run(start, 2, steps -> {});
        assertEquals(md.expectedFrames(), pooled.frameCount());
        assertArrayEquals(pooled.flatten(), md.run(start, 1, steps -> {}).flatten(), 0.0, "thread count");

        long chainSeed = Rng.derive(5, 0);
        ReplicaExchange.Result all = new ReplicaExchange(state, md.ladder(), ff.topology().masses(), 0.001, 1.0,
                chainSeed).run(start, 200, 4000, 10, 10, 1, true, () -> {});
        ReplicaExchange.Pooled weighted = all.pooled();
        int[] picked = Resampling.systematic(weighted.logWeights(), Rng.derive(chainSeed, -2));
        assertEquals(3 * 400, picked.length);
        double pooledMean = 0;
        int fromHotter = 0;
        for (int j = 0; j < picked.length; j++) {
            assertArrayEquals(rounded(weighted.samples()[picked[j]]), pooled.frame(j), 0.0, "frame " + j);
            pooledMean += weighted.energies()[picked[j]] / picked.length;
            fromHotter += picked[j] % 3 == 0 ? 0 : 1;
        }
        double[] replicaMeans = Arrays.stream(all.replicaEnergies()).mapToDouble(e -> Arrays.stream(e).average()
                .orElseThrow()).toArray();
        // 4 ps per replica in vacuum: 300 K, 380 K and 480 K average -45.4, -23.2 and 0.1 kJ/mol; the 300 K
        // picture of all three averages -44.8 and takes 428 of its 1,200 frames from the hotter two
        assertEquals(replicaMeans[0], pooledMean, 3.0, "the resampled frames have the lowest replica's mean energy");
        assertTrue(pooledMean < replicaMeans[1] - 10, "and not the hotter replicas'");
        assertTrue(fromHotter > 120 && fromHotter < 1080, fromHotter + " frames from the hotter replicas");
    }

    @Test
    void aLadderMustClimbAndStayInRange() throws IOException {
        AmberForceField ff = alanine();
        ThermodynamicState state = new ThermodynamicState(ff, 300);
        ReferenceMd.Settings cold = new ReferenceMd.Settings(1, 0, 100, 10, 0.001, 1.0, 4, 250, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceMd(state, ff.topology().masses(), cold, 1));
        assertTrue(e.getMessage().contains("maxTemperature (250.0 K) must be above the temperature (300.0 K)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceMd.Settings(1, 0, 100, 10, 0.001, 1.0, 0, 600, false));
        assertTrue(e.getMessage().contains("md replicas must be between 1 and 64"), e.getMessage());
        // one replica: plain chains, the maximum temperature unused
        ReferenceMd plain = new ReferenceMd(state, ff.topology().masses(),
                new ReferenceMd.Settings(1, 0, 100, 10, 0.001, 1.0, 1, 0, false), 1);
        assertArrayEquals(new double[] {300}, plain.ladder(), 0.0);
    }

    @Test
    void eachChainStartsFromItsOwnStructure() throws IOException {
        AmberForceField ff = alanine();
        double[] a = alanineStart();
        double[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += 0.01 * Math.sin(i);
        }
        ReferenceMd md = new ReferenceMd(new ThermodynamicState(ff, 300), ff.topology().masses(),
                new ReferenceMd.Settings(2, 0, 5, 5, 0.001, 1.0), 3);

        Trajectory fromA = md.run(a, 2, n -> { });
        Trajectory fromB = md.run(b, 1, n -> { });
        Trajectory own = md.run(List.of(a, b), 2, n -> { }, () -> false);

        assertEquals(2, own.frameCount());
        assertArrayEquals(fromA.frame(0), own.frame(0), 0, "chain 0 from the first structure");
        assertArrayEquals(fromB.frame(1), own.frame(1), 0, "chain 1, its own seed, from the second structure");
        assertFalse(Arrays.equals(fromA.frame(1), own.frame(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> md.run(List.of(a), 2, n -> { }, () -> false));
        assertEquals("reference MD has 2 chains but 1 starting structures", e.getMessage());
    }

    @Test
    void theCacheHoldsTheFramesInFloat32AndGivesBackTheRunBitForBit(@TempDir Path cache) throws IOException {
        ReferenceMd md = twoShortChains();
        Trajectory cold = md.framesCached(cache, "alanine", alanineStart(), 2, n -> { }, () -> false);
        List<Path> files;
        try (var listing = Files.list(cache)) {
            files = listing.toList();
        }
        assertEquals(1, files.size());
        assertTrue(Npy.holdsFloat32(files.get(0)));
        assertEquals(128 + 4L * 40 * 66, Files.size(files.get(0)), "40 frames of 66 float32 values");
        Trajectory warm = md.framesCached(cache, "alanine", alanineStart(), 2, n -> {
            throw new AssertionError("the cached frames are read, no MD runs");
        }, () -> false);
        assertTrue(warm.isSinglePrecision());
        assertArrayEquals(cold.flatten(), warm.flatten(), 0.0);
        assertArrayEquals(md.run(alanineStart(), 1, n -> { }).flatten(), warm.flatten(), 0.0);
    }

    @Test
    void anotherStartingStructureIsAnotherCacheEntry(@TempDir Path cache) throws IOException {
        ReferenceMd md = twoShortChains();
        Trajectory first = md.framesCached(cache, "alanine", alanineStart(), 1, n -> { }, () -> false);
        double[] moved = alanineStart();
        moved[0] += 1e-3;
        AtomicLong steps = new AtomicLong();
        Trajectory second = md.framesCached(cache, "alanine", moved, 1, steps::addAndGet, () -> false);
        assertEquals(md.totalSteps(), steps.get(), "the MD runs again from the moved structure");
        assertTrue(Math.abs(first.frame(0)[0] - second.frame(0)[0]) > 1e-4);
        try (var listing = Files.list(cache)) {
            assertEquals(2, listing.count());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> md.framesCached(cache, "alanine", (double[]) null, 1, n -> { }, () -> false));
        assertEquals("reference MD needs the starting structure of chain 0 to find or make its cache", e.getMessage());
        // a system key changes with the prmtop's content: the SHA-256 test vector of "abc"
        Path file = Files.writeString(cache.resolve("abc.txt"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ReferenceMd.contentKey(file));
    }
}
