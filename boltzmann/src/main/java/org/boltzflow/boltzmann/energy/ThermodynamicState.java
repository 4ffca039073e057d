package org.boltzflow.boltzmann.energy;

/**
 * A thermodynamic state: an energy model (which includes its solvent) at a temperature. It owns kT and the reduced
 * energy {@code u = E/kT}; everything that weights, samples or estimates takes a state rather than a bare
 * temperature or kT. The model may be null for a state known only by its temperature (e.g. energies computed
 * elsewhere); {@link #reducedEnergy(double[])} then refuses.
 */
public record ThermodynamicState(EnergyModel model, double temperature) {

    /** Validates the temperature (kelvin, positive and finite). */
    public ThermodynamicState {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature + " K");
        }
    }

    /** A state known only by its temperature in kelvin. */
    public static ThermodynamicState at(double temperature) {
        return new ThermodynamicState(null, temperature);
    }

    /** The same energy model at another temperature. */
    public ThermodynamicState atTemperature(double otherTemperature) {
        return new ThermodynamicState(model, otherTemperature);
    }

    /** kT in kJ/mol. */
    public double kT() {
        return Units.kT(temperature);
    }

    /** {@code 1/kT} in mol/kJ. */
    public double beta() {
        return 1.0 / kT();
    }

    /** The reduced energy {@code E/kT} of an energy in kJ/mol. */
    public double reduced(double energy) {
        return energy / kT();
    }

    /** The reduced energies {@code E/kT} of energies in kJ/mol (a new array). */
    public double[] reduced(double[] energies) {
        double kT = kT();
        double[] u = new double[energies.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = energies[i] / kT;
        }
        return u;
    }

    /** The reduced energy {@code E(x)/kT} of one configuration under this state's model. */
    public double reducedEnergy(double[] xyz) {
        if (model == null) {
            throw new IllegalStateException("this state at " + temperature + " K has no energy model");
        }
        return reduced(model.energy(xyz));
    }
}
