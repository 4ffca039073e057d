package org.boltzflow.spark.sampling;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * Estimates from {@link SamplingSums}, with delta-method error bars (the formulas of
 * {@link org.boltzflow.mcmc.estimators.ImportanceWeights}, written on sums): log Z relative to the flow, Kish's ESS
 * fraction, each state's population and its free energy relative to the first state, and each dihedral's free-energy
 * profile (kJ/mol, lowest bin at 0, NaN where a bin holds no weight).
 */
public record SamplingEstimates(long draws, long configurations, long nonFinite, Estimate logZ, double essFraction,
        List<State> states, List<Profile> profiles) {

    /** A state's population and its free energy relative to the first state (kJ/mol). */
    public record State(String name, Estimate population, Estimate deltaF) {}

    /** A dihedral's free energy (kJ/mol) per bin over [-π, π), with its error. */
    public record Profile(String dihedral, double[] freeEnergy, double[] error) {}

    /** The estimates at {@code kT} (kJ/mol). */
    public static SamplingEstimates of(SamplingSums sums, Observables observables, double kT) {
        long n = sums.configurations();
        ExactSum w = sums.weight();
        double r = Math.exp(sums.weightSquared().log() - 2 * w.log());
        Estimate logZ = new Estimate(w.log() - Math.log(sums.draws()),
                Math.sqrt(Math.max(n * r - 1, 0) / Math.max(n - 1, 1)));
        List<org.boltzflow.boltzmann.cv.State> regions = observables.regions();
        List<State> states = new ArrayList<>();
        for (int s = 0; s < regions.size(); s++) {
            Estimate p = population(sums.stateWeight(s), sums.stateWeightSquared(s), sums);
            ExactSum ws = sums.stateWeight(s);
            ExactSum w0 = sums.stateWeight(0);
            double deltaF = -kT * (ws.log() - w0.log());
            double error = kT * Math.sqrt(Math.exp(sums.stateWeightSquared(s).log() - 2 * ws.log())
                    + Math.exp(sums.stateWeightSquared(0).log() - 2 * w0.log()));
            states.add(new State(regions.get(s).name(), p, new Estimate(deltaF, s == 0 ? 0 : error)));
        }
        List<Profile> profiles = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            int bins = observables.bins();
            double[] f = new double[bins];
            double[] err = new double[bins];
            double min = Double.POSITIVE_INFINITY;
            for (int b = 0; b < bins; b++) {
                Estimate p = population(sums.binWeight(d, b), sums.binWeightSquared(d, b), sums);
                f[b] = p.value() > 0 ? -kT * Math.log(p.value()) : Double.NaN;
                err[b] = p.value() > 0 ? kT * p.stdError() / p.value() : Double.NaN;
                min = Double.isNaN(f[b]) ? min : Math.min(min, f[b]);
            }
            for (int b = 0; b < bins; b++) {
                f[b] -= min;
            }
            profiles.add(new Profile(observables.dihedral(d).name(), f, err));
        }
        return new SamplingEstimates(sums.draws(), n, sums.nonFinite(), logZ, 1 / (n * r), states, profiles);
    }

    /** {@code p = W_A / W} with variance {@code (Σ_A w² (1 - 2p) + p² Σw²) / W²}. */
    private static Estimate population(ExactSum weightIn, ExactSum weightSquaredIn, SamplingSums sums) {
        double p = ExactSum.ratio(weightIn, sums.weight());
        double twoLogW = 2 * sums.weight().log();
        double variance = Math.exp(weightSquaredIn.log() - twoLogW) * (1 - 2 * p)
                + p * p * Math.exp(sums.weightSquared().log() - twoLogW);
        return new Estimate(p, Math.sqrt(Math.max(variance, 0)));
    }

    /** The estimates as pretty JSON (non-finite numbers written as NaN/Infinity). */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(this)
                + "\n";
    }
}
