package org.boltzflow.examples.estimate;

import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.mcmc.estimators.Bar;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * The free-energy difference between two thermodynamic states of one molecule (two temperatures, two solvents or two
 * force fields) by Bennett's acceptance ratio from equilibrium samples of each state: the reduced difference
 * {@code Δf = f_B - f_A = -ln(Z_B / Z_A)} with its asymptotic error, and in kJ/mol when both temperatures agree.
 */
public final class TwoStateBar {
    /** A state: an energy model at a temperature (K). */
    public record State(EnergyModel energy, double temperature) {}

    /** The result: Δf in units of kT, and ΔF in kJ/mol (NaN when the temperatures differ). */
    public record Result(Estimate reduced, Estimate kjPerMol) {}

    private TwoStateBar() {}

    /** BAR from {@code samplesA} (drawn from state A) and {@code samplesB} (from B), energies on {@code threads}. */
    public static Result estimate(State a, State b, Trajectory samplesA, Trajectory samplesB, int threads) {
        double[] onA = reducedDifference(b, a, samplesA, threads);
        double[] onB = reducedDifference(a, b, samplesB, threads);
        Estimate logRatio = Bar.logZRatio(onA, onB);
        Estimate reduced = new Estimate(-logRatio.value(), logRatio.stdError());
        double kT = Units.kT(a.temperature());
        Estimate kj = a.temperature() == b.temperature() ? new Estimate(kT * reduced.value(), kT * reduced.stdError())
                : new Estimate(Double.NaN, Double.NaN);
        return new Result(reduced, kj);
    }

    /** Per sample, {@code log p̃_to(x) - log p̃_from(x) = u_from(x) - u_to(x)} with {@code u = E/kT}. */
    private static double[] reducedDifference(State to, State from, Trajectory samples, int threads) {
        double[] xyz = samples.flatten();
        double[] uTo = reduced(to, xyz, threads);
        double[] uFrom = reduced(from, xyz, threads);
        double[] out = new double[uTo.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = uFrom[i] - uTo[i];
        }
        return out;
    }

    private static double[] reduced(State state, double[] xyz, int threads) {
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(state.energy(), threads)) {
            double[] e = evaluator.energiesAndForces(xyz, new double[xyz.length]);
            double kT = Units.kT(state.temperature());
            for (int i = 0; i < e.length; i++) {
                if (!Double.isFinite(e[i])) {
                    throw new IllegalArgumentException("sample " + i + " has a non-finite energy " + e[i]);
                }
                e[i] /= kT;
            }
            return e;
        }
    }
}
