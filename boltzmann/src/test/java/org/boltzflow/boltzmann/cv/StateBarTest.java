package org.boltzflow.boltzmann.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.mcmc.estimators.Estimate;
import org.junit.jupiter.api.Test;

/**
 * State populations by per-state BAR on one-atom "configurations" whose variable is x: a two-basin density, a
 * flow that covers both, and frames in equilibrium within each basin but with the wrong basin populations.
 */
class StateBarTest {
    private static final CollectiveVariable X = WeightedEnsembleTest.X;

    /** log p̃(x): basins at 0.6 and 1.8 of width 0.1 holding 0.8 and 0.2 of the mass. */
    private static double logTarget(double x) {
        double a = -0.5 * Math.pow((x - 0.6) / 0.1, 2);
        double b = Math.log(0.25) - 0.5 * Math.pow((x - 1.8) / 0.1, 2);
        return Math.max(a, b) + Math.log1p(Math.exp(Math.min(a, b) - Math.max(a, b)));
    }

    /** log q(x) of the flow, N(1, 0.5²): it covers both basins, the far one at 1.6 of its standard deviations. */
    private static double logFlow(double x) {
        return -0.5 * Math.pow((x - 1) / 0.5, 2) - Math.log(0.5 * Math.sqrt(2 * Math.PI));
    }

    private static WeightedEnsemble ensemble(double[] x) {
        double[] xyz = new double[3 * x.length];
        double[] logWeights = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xyz[3 * i] = x[i];
            logWeights[i] = logTarget(x[i]) - logFlow(x[i]);
        }
        return WeightedEnsemble.of(xyz, 1, logWeights);
    }

    @Test
    void populationsNeedTheFramesInEquilibriumOnlyWithinEachState() {
        SplittableRandom random = new SplittableRandom(7);
        double[] draws = new double[20_000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = 1 + 0.5 * random.nextGaussian();
        }
        // half the frames in each basin: in equilibrium within each, with populations 0.5 : 0.5 instead of 0.8 : 0.2
        double[] frames = new double[4_000];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = (i < 2_000 ? 0.6 : 1.8) + 0.1 * random.nextGaussian();
        }
        State near = new State("near", List.of(new Interval(X, 0, 1.2)));
        State far = new State("far", List.of(new Interval(X, 1.2, 3)));
        StateBar bar = StateBar.of(List.of(near, far), ensemble(draws), ensemble(frames), 20, 50, 3L);
        Map<String, Estimate> p = bar.populations();
        // over data seeds 1-60 the largest deviation from the truth was 2.8 errors (population and ΔF), the error
        // 0.0038-0.0054, and the reweighted draws within 0.8 of their errors of the BAR value; seed 7: 0.7 errors
        Estimate nearP = p.get("near");
        assertTrue(nearP.stdError() > 1e-3 && nearP.stdError() < 0.01, "error " + nearP.stdError());
        assertEquals(0.8, nearP.value(), 3 * nearP.stdError());
        assertEquals(0.2, p.get("far").value(), 3 * p.get("far").stdError());
        assertEquals(1.0, nearP.value() + p.get("far").value(), 1e-3, "the rest holds almost nothing");
        ThermodynamicState t = ThermodynamicState.at(300);
        Estimate dF = bar.deltaF(near, far, t);
        assertEquals(-t.kT() * Math.log(nearP.value() / p.get("far").value()), dF.value(), 1e-12);
        assertEquals(-t.kT() * Math.log(4), dF.value(), 3 * dF.stdError());
        assertTrue(dF.stdError() > 0.01 && dF.stdError() < 0.2, "ΔF error " + dF.stdError() + " kJ/mol");
        // the flow's reweighted draws agree; the frames' own split (0.5) is not what the estimate takes
        Estimate weighted = ensemble(draws).populations(List.of(near, far), 3L).get("near");
        assertEquals(weighted.value(), nearP.value(), 2 * weighted.stdError());
    }
}
