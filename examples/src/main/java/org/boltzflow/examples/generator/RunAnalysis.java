package org.boltzflow.examples.generator;

import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.report.Metrics;

/**
 * The analysis of a run along its collective variables and states: the KL of the CV histogram to MD, state
 * populations and ΔF between the first two states, from weighted samples (flow or AIS) and from MD frames.
 */
final class RunAnalysis {
    private final ThermodynamicState state;

    private RunAnalysis(ThermodynamicState state) {
        this.state = state;
    }

    /** The analysis of {@code config}'s CVs and states for {@code topology} in {@code state}. */
    static RunAnalysis of(RunConfig config, Topology topology, ThermodynamicState state) {
        return new RunAnalysis(state);
    }

    /** The alanine torus analysis of MD frames and weighted samples. */
    RamachandranAnalysis ramachandran(double[] mdXyz, int atoms, double[] xyz, double[] logWeights) {
        return new RamachandranAnalysis(mdXyz, atoms, xyz, logWeights, state);
    }

    /**
     * Adds under {@code prefix} the CV-space KL to MD (if there are MD frames {@code mdXyz}), ΔF from the weighted
     * samples (bootstrap seeded by {@code seed}) and from MD, and the state populations.
     */
    void flowMetrics(Metrics m, String prefix, double[] mdXyz, int atoms, double[] xyz, double[] logWeights,
            long seed) {
        RamachandranAnalysis a = ramachandran(mdXyz, atoms, xyz, logWeights);
        Estimate deltaF = a.deltaFFlow(seed);
        if (mdXyz.length > 0) {
            m.put(prefix + "kl_phi_psi_md", a.klToMd());
        }
        m.put(prefix + "delta_f_kj_mol", deltaF.value()).put(prefix + "delta_f_err_kj_mol", deltaF.stdError());
        if (mdXyz.length > 0 && prefix.isEmpty()) {
            Estimate md = a.deltaFMd(org.boltzflow.flows.Rng.derive(seed, -1));
            m.put("delta_f_md_kj_mol", md.value()).put("delta_f_md_err_kj_mol", md.stdError());
        }
        m.put(prefix + "basins", a.basinPopulations());
    }
}
