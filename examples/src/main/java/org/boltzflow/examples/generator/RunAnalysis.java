package org.boltzflow.examples.generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.cv.Axis;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.FreeEnergySurface;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.cv.StateBar;
import org.boltzflow.boltzmann.cv.TorusHistogram;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.generator.DefaultCvs;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.Rng;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.report.Metrics;

/**
 * The analysis of a run along its collective variables and states ({@link CvDefinition}): the KL divergence of the
 * first two (periodic) variables' 60×60 histogram from MD to the weighted samples and the agreement of their
 * free-energy surfaces, state populations, and ΔF of every
 * state against the first, each from the weighted samples (flow or AIS) and from MD frames (block bootstrap, since
 * MD frames are correlated).
 */
final class RunAnalysis {
    /** Bins per angle of the 2D histograms the KL is measured on. */
    static final int BINS = 60;
    private static final int MD_BLOCKS = 20;
    /** The pseudo-probability of an empty cell in the KL. */
    private static final double KL_FLOOR = 1e-10;
    /** Bootstrap resamples of the per-state BAR populations. */
    private static final int BAR_REPLICATES = 40;
    /** Sets of draws averaged in {@code kl_cv_md_floor}. */
    private static final int FLOOR_REPEATS = 5;
    /** Bins per angle of the free-energy surfaces compared in {@code pmf_cv_md}. */
    static final int PMF_BINS = 36;
    /** Bins compared in {@code pmf_cv_md} lie at most this far (kJ/mol) above the minimum of both surfaces. */
    static final double PMF_BELOW = 20;

    private final CvDefinition definition;
    private final ThermodynamicState state;

    private RunAnalysis(CvDefinition definition, ThermodynamicState state) {
        this.definition = definition;
        this.state = state;
    }

    /**
     * The analysis of {@code config}'s CVs and states for {@code topology} in {@code state}; a CV or state that does
     * not fit the topology is refused here, before any work.
     */
    static RunAnalysis of(RunConfig config, Topology topology, ThermodynamicState state) throws IOException {
        CvDefinition d;
        if (!config.cvs().isEmpty()) {
            d = CvDefinition.parse(config.cvs(), config.states(), topology, Path.of("").toAbsolutePath());
        } else {
            d = config.cvFile() != null ? CvDefinition.read(GeneratorJob.dataFile(config.cvFile()), topology)
                    : DefaultCvs.of(topology);
            if (!config.states().isEmpty()) {
                d = d.withStates(config.states());
            }
        }
        return new RunAnalysis(d, state);
    }

    /** The variables and states analysed. */
    CvDefinition definition() {
        return definition;
    }

    /** The thermodynamic state the free energies are in. */
    ThermodynamicState state() {
        return state;
    }

    /** MD frames as an ensemble of equal weights resampled in blocks, or null if there are none. */
    static WeightedEnsemble md(Trajectory frames) {
        return frames.frameCount() == 0 ? null : WeightedEnsemble.of(frames, null).inBlocks(MD_BLOCKS);
    }

    /** Whether the first two variables are periodic, so that a torus histogram and its KL are defined. */
    boolean hasTorus() {
        List<CollectiveVariable> v = definition.variables();
        return v.size() >= 2 && v.get(0).periodic() && v.get(1).periodic();
    }

    /** The 60×60 histogram of the first two variables (weighted by the ensemble's weights if {@code weighted}). */
    TorusHistogram torus(WeightedEnsemble e, boolean weighted) {
        List<CollectiveVariable> v = definition.variables();
        return TorusHistogram.of(e.values(v.get(0)), e.values(v.get(1)), weighted ? weights(e) : null, BINS);
    }

    /**
     * The free-energy surfaces of the first two variables on {@link #PMF_BINS}² bins from MD and from the weighted
     * samples compared over the bins both reach within {@link #PMF_BELOW} kJ/mol of their minimum (see
     * {@link FreeEnergySurface#agreementWith}).
     */
    private Map<String, Double> pmfAgreement(WeightedEnsemble md, WeightedEnsemble flow, long seed) {
        List<CollectiveVariable> v = definition.variables();
        Axis x = Axis.circle(v.get(0), PMF_BINS);
        Axis y = Axis.circle(v.get(1), PMF_BINS);
        FreeEnergySurface.Agreement a = flow.pmf(state, x, y, Rng.derive(seed, 4))
                .agreementWith(md.pmf(state, x, y, Rng.derive(seed, 3)), PMF_BELOW);
        Map<String, Double> entry = new LinkedHashMap<>();
        entry.put("bins", (double) a.bins());
        entry.put("rms_kj_mol", a.rmsKjMol());
        entry.put("mean_z2", a.meanSquaredZ());
        return entry;
    }

    /**
     * Adds to each state of {@code states} and each pair of {@code delta_f} (written by {@link #metrics} before)
     * {@code bar} and {@code bar_err}: the population, and ΔF in kJ/mol, by BAR between the flow's {@code draws} and
     * the reference {@code frames} weighed by the same flow, state by state ({@link StateBar}).
     */
    @SuppressWarnings("unchecked")
    void barEstimates(Metrics m, WeightedEnsemble draws, WeightedEnsemble frames, long seed) {
        Map<String, Map<String, Double>> populations = (Map<String, Map<String, Double>>) m.get("states");
        if (populations == null || frames == null || frames.size() < MD_BLOCKS) {
            return;
        }
        List<State> states = definition.states();
        StateBar bar = StateBar.of(states, draws, frames, MD_BLOCKS, BAR_REPLICATES, seed);
        bar.populations().forEach((name, p) -> put(populations.get(name), p));
        Map<String, Map<String, Double>> deltaF = (Map<String, Map<String, Double>>) m.get("delta_f");
        for (int k = 1; k < states.size(); k++) {
            put(deltaF.get(states.get(0).name() + " - " + states.get(k).name()),
                    bar.deltaF(states.get(0), states.get(k), state));
        }
    }

    private static void put(Map<String, Double> entry, Estimate e) {
        entry.put("bar", e.value());
        entry.put("bar_err", e.stdError());
    }

    /** Kish's effective number of samples of the ensemble's weights, rounded, at least 1. */
    private static int kishCount(WeightedEnsemble e) {
        return (int) Math.max(1, Math.round(ImportanceWeights.kishFraction(e.logWeights()) * e.size()));
    }

    private static double[] weights(WeightedEnsemble e) {
        return ImportanceWeights.normalized(e.logWeights());
    }

    /**
     * Adds under {@code prefix}: {@code kl_cv_md}, {@code kl_cv_md_floor} (the KL that as many independent draws
     * from the MD histogram as the samples' Kish ESS show against it: finite sampling's share) and
     * {@code pmf_cv_md} (if there is MD), {@code states} (populations with errors, MD and
     * weighted samples), {@code delta_f} (F(first state) - F(state) for each other state, kJ/mol, with errors), and
     * {@code delta_f_kj_mol} for the first two states; without a prefix also {@code delta_f_md_kj_mol}.
     */
    void metrics(Metrics m, String prefix, WeightedEnsemble md, WeightedEnsemble flow, long seed) {
        if (md != null && hasTorus()) {
            TorusHistogram reference = torus(md, false);
            m.put(prefix + "kl_cv_md", reference.klDivergenceTo(torus(flow, true), KL_FLOOR));
            m.put(prefix + "kl_cv_md_floor", reference.klToOwnDraws(kishCount(flow), FLOOR_REPEATS, KL_FLOOR,
                    Rng.derive(seed, 5)));
            m.put(prefix + "pmf_cv_md", pmfAgreement(md, flow, seed));
        }
        List<State> states = definition.states();
        if (states.isEmpty()) {
            return;
        }
        Map<String, Estimate> flowP = flow.populations(states, Rng.derive(seed, 1));
        Map<String, Estimate> mdP = md == null ? null : md.populations(states, Rng.derive(seed, 2));
        Map<String, Map<String, Double>> populations = new LinkedHashMap<>();
        for (State s : states) {
            Map<String, Double> entry = new LinkedHashMap<>();
            if (mdP != null) {
                entry.put("md", mdP.get(s.name()).value());
                entry.put("md_err", mdP.get(s.name()).stdError());
            }
            entry.put("flow_reweighted", flowP.get(s.name()).value());
            entry.put("flow_reweighted_err", flowP.get(s.name()).stdError());
            populations.put(s.name(), entry);
        }
        m.put(prefix + "states", populations);
        Map<String, Map<String, Double>> deltaF = new LinkedHashMap<>();
        for (int k = 1; k < states.size(); k++) {
            Estimate f = flow.deltaF(states.get(0), states.get(k), state, Rng.derive(seed, 10 + k));
            Map<String, Double> entry = new LinkedHashMap<>();
            entry.put("flow", f.value());
            entry.put("flow_err", f.stdError());
            if (md != null) {
                Estimate d = md.deltaF(states.get(0), states.get(k), state, Rng.derive(seed, 100 + k));
                entry.put("md", d.value());
                entry.put("md_err", d.stdError());
                if (k == 1 && prefix.isEmpty()) {
                    m.put("delta_f_md_kj_mol", d.value()).put("delta_f_md_err_kj_mol", d.stdError());
                }
            }
            if (k == 1) {
                m.put(prefix + "delta_f_kj_mol", f.value()).put(prefix + "delta_f_err_kj_mol", f.stdError());
            }
            deltaF.put(states.get(0).name() + " - " + states.get(k).name(), entry);
        }
        m.put(prefix + "delta_f", deltaF);
    }
}
