package org.boltzflow.boltzmann.cv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.flows.Rng;
import org.boltzflow.mcmc.estimators.Bar;
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * State populations by Bennett's acceptance ratio between a flow and the Boltzmann density, state by state: in each
 * state (and in the rest of the space) BAR between the flow's draws and reference frames (e.g. MD) that lie there
 * estimates the state's unnormalized Boltzmann mass from the flow's mass in it. Both ensembles carry the log weights
 * {@code -u(x) - log q(x)} of one flow. The frames need to be in equilibrium within each state only, not to cross
 * between states as often as MD populations need; the draws need not cover a state as well as importance weights
 * alone need. A region with fewer than two draws or two frames takes its importance-sampling estimate instead.
 */
public final class StateBar {
    private StateBar() {}

    /**
     * The populations of {@code states} (which must not overlap) from the flow's {@code draws} and the
     * {@code frames}, with bootstrap errors from {@code replicates} resamples: the draws resampled one by one, the
     * frames (correlated, in time order) in {@code frameBlocks} contiguous blocks.
     */
    public static Map<String, Estimate> populations(List<State> states, WeightedEnsemble draws,
            WeightedEnsemble frames, int frameBlocks, int replicates, long seed) {
        int[] drawRegion = regions(states, draws);
        int[] frameRegion = regions(states, frames);
        double[] drawLogWeights = draws.logWeights();
        double[] frameLogWeights = frames.logWeights();
        int regions = states.size() + 1;
        double[] value = populations(regions, drawRegion, drawLogWeights, frameRegion, frameLogWeights);
        double[] sum = new double[regions];
        double[] sumSquares = new double[regions];
        for (int r = 0; r < replicates; r++) {
            int[] d = Bootstrap.resample(drawRegion.length, drawRegion.length, Rng.derive(seed, 1), r);
            int[] f = Bootstrap.resample(frameRegion.length, frameBlocks, Rng.derive(seed, 2), r);
            double[] p = populations(regions, pick(drawRegion, d), Bootstrap.pick(drawLogWeights, d),
                    pick(frameRegion, f), Bootstrap.pick(frameLogWeights, f));
            for (int k = 0; k < regions; k++) {
                sum[k] += p[k];
                sumSquares[k] += p[k] * p[k];
            }
        }
        Map<String, Estimate> out = new LinkedHashMap<>();
        for (int k = 0; k < states.size(); k++) {
            double mean = sum[k] / replicates;
            double variance = Math.max(sumSquares[k] / replicates - mean * mean, 0) * replicates / (replicates - 1.0);
            out.put(states.get(k).name(), new Estimate(value[k], Math.sqrt(variance)));
        }
        return out;
    }

    /** Per sample, the index of the state it lies in, or {@code states.size()} (the rest) if none. */
    private static int[] regions(List<State> states, WeightedEnsemble ensemble) {
        int[] region = new int[ensemble.size()];
        java.util.Arrays.fill(region, states.size());
        for (int s = 0; s < states.size(); s++) {
            boolean[] in = ensemble.members(states.get(s));
            for (int i = 0; i < in.length; i++) {
                if (in[i]) {
                    region[i] = s;
                }
            }
        }
        return region;
    }

    /** The normalized Boltzmann mass of each region from its draws' and frames' log weights. */
    private static double[] populations(int regions, int[] drawRegion, double[] drawLogWeights, int[] frameRegion,
            double[] frameLogWeights) {
        double[] logMass = new double[regions];
        for (int k = 0; k < regions; k++) {
            double[] onDraws = inRegion(k, drawRegion, drawLogWeights, 1);
            double[] onFrames = inRegion(k, frameRegion, frameLogWeights, -1);
            if (onDraws.length >= 2 && onFrames.length >= 2) {
                logMass[k] = Math.log((double) onDraws.length / drawRegion.length)
                        + Bar.logZRatio(onDraws, onFrames).value();
            } else {
                logMass[k] = onDraws.length == 0 ? Double.NEGATIVE_INFINITY
                        : ImportanceWeights.logZ(onDraws).value() + Math.log((double) onDraws.length / drawRegion.length);
            }
        }
        double total = ImportanceWeights.logZ(logMass).value() + Math.log(regions);
        double[] p = new double[regions];
        for (int k = 0; k < regions; k++) {
            p[k] = Math.exp(logMass[k] - total);
        }
        return p;
    }

    /** The log weights of the samples in region {@code k}, times {@code sign}. */
    private static double[] inRegion(int k, int[] region, double[] logWeights, int sign) {
        int count = 0;
        for (int i = 0; i < region.length; i++) {
            if (region[i] == k && logWeights[i] > Double.NEGATIVE_INFINITY) {
                count++;
            }
        }
        double[] kept = new double[count];
        int next = 0;
        for (int i = 0; i < region.length; i++) {
            if (region[i] == k && logWeights[i] > Double.NEGATIVE_INFINITY) {
                kept[next++] = sign * logWeights[i];
            }
        }
        return kept;
    }

    private static int[] pick(int[] values, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }
}
