package org.boltzflow.spark.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.mcmc.estimators.RegionFreeEnergy;
import org.junit.jupiter.api.Test;

/**
 * The estimates from exact sums against the estimators on all weights at once (log Z, Kish ESS, populations, ΔF
 * and profile bins with their delta-method errors), on chunks whose log weights lie 800 apart, beyond the double
 * range of exp; and the sums are the same bits whichever way the chunks are grouped.
 */
class SamplingEstimatesTest {
    private static final int ATOMS = 17;
    private static final double KT = 2.494;

    @Test
    void sumsGiveTheEstimatorsOfAllWeightsAtOnce() {
        Observables observables = Observables.alanineDipeptide(6);
        SplittableRandom random = new SplittableRandom(3);
        int chunks = 5;
        int size = 400;
        double[][] xyz = new double[chunks][];
        double[][] logWeights = new double[chunks][];
        for (int c = 0; c < chunks; c++) {
            xyz[c] = random.doubles(size * 3L * ATOMS, -0.3, 0.3).toArray();
            double offset = c == 2 ? 800 : -50.0 * c;
            logWeights[c] = random.doubles(size, offset - 4, offset).toArray();
            logWeights[c][7] = Double.NEGATIVE_INFINITY;
        }
        SamplingSums all = new SamplingSums(observables);
        for (int c = 0; c < chunks; c++) {
            all.addChunk(size, xyz[c], ATOMS, logWeights[c], observables);
        }
        SamplingEstimates estimates = SamplingEstimates.of(all, observables, KT);

        double[] lw = Arrays.stream(logWeights).flatMapToDouble(Arrays::stream).toArray();
        double[] x = Arrays.stream(xyz).flatMapToDouble(Arrays::stream).toArray();
        double[] first = observables.dihedral(0).values(x, ATOMS);
        double[] second = observables.dihedral(1).values(x, ATOMS);
        assertClose(ImportanceWeights.logZ(lw), estimates.logZ(), "log Z");
        assertEquals(ImportanceWeights.kishFraction(lw), estimates.essFraction(), 1e-12, "Kish ESS");
        assertEquals(chunks, estimates.nonFinite());
        List<org.boltzflow.boltzmann.cv.State> regions = observables.regions();
        boolean[] inFirstState = members(observables, regions.get(0), first, second);
        for (int s = 0; s < regions.size(); s++) {
            boolean[] in = members(observables, regions.get(s), first, second);
            SamplingEstimates.State state = estimates.states().get(s);
            assertClose(ImportanceWeights.expectation(lw, i -> in[i] ? 1 : 0), state.population(), state.name());
            if (s > 0) {
                assertClose(RegionFreeEnergy.delta(lw, in, inFirstState, KT), state.deltaF(), state.name() + " dF");
            }
        }
        for (int d = 0; d < 2; d++) {
            double[] angle = d == 0 ? first : second;
            double[] f = estimates.profiles().get(d).freeEnergy();
            double[] p = new double[observables.bins()];
            for (int b = 0; b < p.length; b++) {
                int bin = b;
                p[b] = ImportanceWeights.expectation(lw, i -> observables.bin(angle[i]) == bin ? 1 : 0).value();
            }
            double min = Arrays.stream(p).map(v -> -KT * Math.log(v)).min().orElseThrow();
            for (int b = 0; b < p.length; b++) {
                assertEquals(-KT * Math.log(p[b]) - min, f[b], 1e-9, "profile " + d + " bin " + b);
            }
        }
    }

    @Test
    void groupingOfChunksDoesNotChangeABit() {
        Observables observables = new Observables(new Dihedral("a", 0, 1, 2, 3), new Dihedral("b", 1, 2, 3, 4),
                List.of("x:a=-177.6..0,b=-177.6..0"), 4);
        SplittableRandom random = new SplittableRandom(5);
        SamplingSums[] chunk = new SamplingSums[6];
        for (int c = 0; c < chunk.length; c++) {
            chunk[c] = new SamplingSums(observables);
            chunk[c].addChunk(50, random.doubles(50 * 15L, -1, 1).toArray(), 5,
                    random.doubles(50, -900 * c, -900 * c + 30).toArray(), observables);
        }
        SamplingSums inOrder = new SamplingSums(observables);
        for (SamplingSums c : chunk) {
            inOrder.merge(c);
        }
        SamplingSums left = new SamplingSums(observables).merge(chunk[4]).merge(chunk[0]).merge(chunk[2]);
        SamplingSums right = new SamplingSums(observables).merge(chunk[5]).merge(chunk[3]).merge(chunk[1]);
        SamplingSums grouped = right.merge(left);
        assertEquals(SamplingEstimates.of(inOrder, observables, KT).toJson(),
                SamplingEstimates.of(grouped, observables, KT).toJson());
        assertEquals(Double.doubleToRawLongBits(inOrder.weightSquared().log()),
                Double.doubleToRawLongBits(grouped.weightSquared().log()));
    }

    private static void assertClose(Estimate expected, Estimate actual, String what) {
        assertEquals(expected.value(), actual.value(), 1e-9 * Math.max(1, Math.abs(expected.value())), what);
        assertEquals(expected.stdError(), actual.stdError(), 1e-9 * Math.max(1e-3, expected.stdError()),
                what + " error");
    }

    private static boolean[] members(Observables observables, org.boltzflow.boltzmann.cv.State state, double[] first,
            double[] second) {
        boolean[] in = new boolean[first.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = observables.contains(state, first[i], second[i]);
        }
        return in;
    }
}
