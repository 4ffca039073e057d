package org.boltzflow.boltzmann.energy;

import ai.djl.ndarray.NDArray;

/**
 * A DJL-differentiable potential energy: for {@code x} of shape {@code (batch, atoms * 3)} in nm, returns the
 * {@code (batch)} energies in kJ/mol computed by an {@code EnergyModel} in plain Java; its gradient is exactly
 * {@code -F} (see {@link SurrogateGradient}). Works for any energy model (AMBER, MMFF94, test doubles).
 */
public final class EnergyBridge {
    private final BatchEnergyEvaluator evaluator;

    /** A bridge computing energies with {@code evaluator} (its thread pool is used, not owned). */
    public EnergyBridge(BatchEnergyEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** The number of coordinates of one configuration, {@code 3 * atoms}. */
    public int dim() {
        return 3 * evaluator.model().atomCount();
    }

    /** Energies and forces of each row of {@code x}, in plain Java arrays. */
    public EnergiesAndForces evaluate(NDArray x) {
        double[] xyz = SurrogateGradient.values(x, dim());
        double[] forces = new double[xyz.length];
        double[] energies = evaluator.energiesAndForces(xyz, forces);
        return new EnergiesAndForces(energies, forces);
    }

    /** The differentiable {@code (batch)} energies of {@code x}. */
    public NDArray energy(NDArray x) {
        EnergiesAndForces result = evaluate(x);
        double[] gradient = result.forces().clone();
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = -gradient[i];
        }
        return SurrogateGradient.of(x, result.energies(), gradient);
    }

    /** Per-configuration energies (kJ/mol) and packed forces (kJ/mol/nm) of a batch. */
    public record EnergiesAndForces(double[] energies, double[] forces) {}
}
