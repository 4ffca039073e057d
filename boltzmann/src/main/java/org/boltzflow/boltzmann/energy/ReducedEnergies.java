package org.boltzflow.boltzmann.energy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.mcmc.estimators.Bar;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * Reduced energies {@code u = E/kT} of sample sets under thermodynamic states: the {@code u_kn} matrix that MBAR and
 * BAR take (states that differ only in temperature share one energy evaluation), BAR between two states, and
 * temperature reweighting of weighted samples.
 */
public final class ReducedEnergies {
    private ReducedEnergies() {}

    /**
     * The reduced energies {@code u[k][n]} of every sample of {@code sets} (pooled in order) under every state, and
     * how many samples each state contributed: set i was sampled from {@code states.get(i)}; states after the last
     * set have no samples (they are only evaluated). Non-finite energies are refused naming set, sample and state.
     */
    public record Matrix(double[][] u, int[] counts) {}

    /** See {@link Matrix}; energies on {@code threads} threads. */
    public static Matrix of(List<ThermodynamicState> states, List<Trajectory> sets, int threads) {
        if (sets.size() > states.size()) {
            throw new IllegalArgumentException(sets.size() + " sample sets for " + states.size() + " states");
        }
        List<double[]> flat = new ArrayList<>();
        int[] counts = new int[states.size()];
        int total = 0;
        for (int i = 0; i < sets.size(); i++) {
            flat.add(sets.get(i).flatten());
            counts[i] = sets.get(i).frameCount();
            total += counts[i];
        }
        Map<EnergyModel, double[]> energies = new IdentityHashMap<>();
        double[][] u = new double[states.size()][];
        for (int k = 0; k < u.length; k++) {
            ThermodynamicState state = states.get(k);
            if (state.model() == null) {
                throw new IllegalArgumentException("state " + k + " at " + state.temperature() + " K has no energy "
                        + "model");
            }
            double[] e = energies.computeIfAbsent(state.model(), m -> pooledEnergies(m, flat, threads));
            u[k] = state.reduced(e);
            requireFinite(u[k], counts, k, state);
        }
        if (total == 0) {
            throw new IllegalArgumentException("no samples");
        }
        return new Matrix(u, counts);
    }

    /**
     * BAR: {@code Δf = f_b - f_a = -ln(Z_b / Z_a)} (in kT) with its asymptotic error from samples of each state.
     */
    public static Estimate bar(ThermodynamicState a, ThermodynamicState b, Trajectory samplesA, Trajectory samplesB,
            int threads) {
        Matrix m = of(List.of(a, b), List.of(samplesA, samplesB), threads);
        int nA = m.counts()[0];
        double[] onA = new double[nA];
        double[] onB = new double[m.counts()[1]];
        for (int i = 0; i < nA; i++) {
            onA[i] = m.u()[0][i] - m.u()[1][i];
        }
        for (int i = 0; i < onB.length; i++) {
            onB[i] = m.u()[1][nA + i] - m.u()[0][nA + i];
        }
        Estimate logRatio = Bar.logZRatio(onA, onB);
        return new Estimate(-logRatio.value(), logRatio.stdError());
    }

    /**
     * Samples weighted for state {@code from} (log weights; null for equal weights, e.g. MD at that temperature)
     * reweighted to the same energy model at another temperature: {@code ln w' = ln w - (1/kT' - 1/kT) E}, with
     * {@code energies} in kJ/mol.
     */
    public static double[] reweight(double[] logWeights, double[] energies, ThermodynamicState from,
            ThermodynamicState to) {
        if (logWeights != null && logWeights.length != energies.length) {
            throw new IllegalArgumentException(logWeights.length + " log weights for " + energies.length
                    + " energies");
        }
        double dBeta = to.beta() - from.beta();
        double[] out = new double[energies.length];
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(energies[i])) {
                throw new IllegalArgumentException("energy of sample " + i + " is " + energies[i]);
            }
            out[i] = (logWeights == null ? 0 : logWeights[i]) - dBeta * energies[i];
        }
        return out;
    }

    private static double[] pooledEnergies(EnergyModel model, List<double[]> sets, int threads) {
        int total = sets.stream().mapToInt(s -> s.length).sum();
        double[] xyz = new double[total];
        int offset = 0;
        for (double[] s : sets) {
            System.arraycopy(s, 0, xyz, offset, s.length);
            offset += s.length;
        }
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(model, threads)) {
            return evaluator.energiesAndForces(xyz, new double[xyz.length]);
        }
    }

    private static void requireFinite(double[] u, int[] counts, int k, ThermodynamicState state) {
        int set = 0;
        int start = 0;
        for (int n = 0; n < u.length; n++) {
            while (set < counts.length && n >= start + counts[set]) {
                start += counts[set];
                set++;
            }
            if (!Double.isFinite(u[n])) {
                throw new IllegalArgumentException("sample set " + set + ", sample " + (n - start) + ": energy is "
                        + u[n] + " under state " + k + " (" + state.temperature() + " K)");
            }
        }
    }
}
