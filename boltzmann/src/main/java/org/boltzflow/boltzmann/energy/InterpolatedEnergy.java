package org.boltzflow.boltzmann.energy;

import java.util.ArrayList;
import java.util.List;

/**
 * The alchemical mixture of two energy models of the same atoms, {@code E_λ = (1 - λ) E_a + λ E_b}
 * ({@code = E_a + λ (E_b - E_a)}), e.g. vacuum to implicit solvent for a solvation free energy by windows in λ.
 * Terms are those of {@code a} scaled by {@code 1 - λ} (named {@code a:NAME}) then those of {@code b} scaled by
 * {@code λ} ({@code b:NAME}); a model with weight zero is not evaluated.
 */
public final class InterpolatedEnergy implements EnergyModel {
    private final EnergyModel a;
    private final EnergyModel b;
    private final double lambda;

    /** {@code (1 - λ) E_a + λ E_b} for λ in [0, 1]; both models must have the same atom count. */
    public InterpolatedEnergy(EnergyModel a, EnergyModel b, double lambda) {
        if (a.atomCount() != b.atomCount()) {
            throw new IllegalArgumentException("cannot mix energy models of " + a.atomCount() + " and "
                    + b.atomCount() + " atoms");
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        this.a = a;
        this.b = b;
        this.lambda = lambda;
    }

    /** λ, the weight of {@code b}. */
    public double lambda() {
        return lambda;
    }

    @Override
    public int atomCount() {
        return a.atomCount();
    }

    @Override
    public double energyAndForces(double[] xyz, double[] forces) {
        java.util.Arrays.fill(forces, 0.0);
        double[] scratch = new double[forces.length];
        return add(a, 1 - lambda, xyz, forces, scratch) + add(b, lambda, xyz, forces, scratch);
    }

    private static double add(EnergyModel model, double weight, double[] xyz, double[] forces, double[] scratch) {
        if (weight == 0) {
            return 0;
        }
        double energy = model.energyAndForces(xyz, scratch);
        for (int i = 0; i < forces.length; i++) {
            forces[i] += weight * scratch[i];
        }
        return weight * energy;
    }

    @Override
    public List<EnergyTerm> terms() {
        List<EnergyTerm> terms = new ArrayList<>();
        a.terms().forEach(t -> terms.add(scaled("a:", t, 1 - lambda)));
        b.terms().forEach(t -> terms.add(scaled("b:", t, lambda)));
        return terms;
    }

    /** {@code term} times {@code weight}, named with {@code prefix}. */
    private static EnergyTerm scaled(String prefix, EnergyTerm term, double weight) {
        return new EnergyTerm() {
            @Override
            public String name() {
                return prefix + term.name();
            }

            @Override
            public double addEnergyAndForces(double[] xyz, double[] forces) {
                if (weight == 0) {
                    return 0;
                }
                double[] own = new double[forces.length];
                double energy = term.addEnergyAndForces(xyz, own);
                for (int i = 0; i < forces.length; i++) {
                    forces[i] += weight * own[i];
                }
                return weight * energy;
            }
        };
    }
}
