package org.boltzflow.boltzmann.cv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
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
 * Gives the populations and ΔF between states, each with a bootstrap error.
 */
public final class StateBar {
    private final List<State> states;
    private final double[] value;
    private final double[][] resampled;

    private StateBar(List<State> states, double[] value, double[][] resampled) {
        this.states = states;
        this.value = value;
        this.resampled = resampled;
    }

    /**
     * The estimate for {@code states} (which must not overlap) from the flow's {@code draws} and the {@code frames},
     * with bootstrap errors from {@code replicates} resamples: the draws resampled one by one, the frames
     * (correlated, in time order) in {@code frameBlocks} contiguous blocks.
     */
    public static StateBar of(List<State> states, WeightedEnsemble draws, WeightedEnsemble frames, int frameBlocks,
            int replicates, long seed) {
        if (replicates < 2) {
            throw new IllegalArgumentException("the bootstrap needs at least 2 resamples, got " + replicates);
        }
        int[] drawRegion = regions(states, draws);
        int[] frameRegion = regions(states, frames);
        double[] drawLogWeights = draws.logWeights();
        double[] frameLogWeights = frames.logWeights();
        int regions = states.size() + 1;
        double[][] resampled = new double[replicates][];
        for (int r = 0; r < replicates; r++) {
            int[] d = Bootstrap.resample(drawRegion.length, drawRegion.length, Rng.derive(seed, 1), r);
            int[] f = Bootstrap.resample(frameRegion.length, frameBlocks, Rng.derive(seed, 2), r);
            resampled[r] = populations(regions, Bootstrap.pick(drawRegion, d), Bootstrap.pick(drawLogWeights, d),
                    Bootstrap.pick(frameRegion, f), Bootstrap.pick(frameLogWeights, f));
        }
        return new StateBar(List.copyOf(states), populations(regions, drawRegion, drawLogWeights, frameRegion,
                frameLogWeights), resampled);
    }

    /** The population of each state, by name, with its bootstrap error. */
    public Map<String, Estimate> populations() {
        Map<String, Estimate> out = new LinkedHashMap<>();
        for (int k = 0; k < states.size(); k++) {
            int state = k;
            out.put(states.get(k).name(), estimate(value[k], p -> p[state]));
        }
        return out;
    }

    /**
     * ΔF = F(a) - F(b) = -kT ln(P_a / P_b) in kJ/mol at {@code state}'s temperature, with its bootstrap error (over the
     * resamples where both states hold mass).
     */
    public Estimate deltaF(State a, State b, ThermodynamicState state) {
        int ia = index(a);
        int ib = index(b);
        double kT = state.kT();
        return estimate(-kT * Math.log(value[ia] / value[ib]), p -> -kT * Math.log(p[ia] / p[ib]));
    }

    private int index(State s) {
        int k = states.indexOf(s);
        if (k < 0) {
            throw new IllegalArgumentException("state " + s.name() + " is not one of this estimate's states");
        }
        return k;
    }

    /** {@code v} with the spread of {@code statistic} over the resamples where it is finite. */
    private Estimate estimate(double v, ToDoubleFunction<double[]> statistic) {
        double[] values = new double[resampled.length];
        for (int r = 0; r < values.length; r++) {
            values[r] = statistic.applyAsDouble(resampled[r]);
        }
        return Bootstrap.spread(v, values);
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
            if (onDraws.length == 0) {
                logMass[k] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double logRatio = onDraws.length >= 2 && onFrames.length >= 2 ? Bar.logZRatio(onDraws, onFrames).value()
                    : ImportanceWeights.logZ(onDraws).value();
            logMass[k] = Math.log((double) onDraws.length / drawRegion.length) + logRatio;
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
}
