package org.boltzflow.boltzmann.energy;

import ai.djl.ndarray.NDArray;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Target;

/**
 * The Boltzmann density of a {@link ThermodynamicState}, {@code log p(x) = -E(x)/kT}, as a differentiable
 * {@link Target}. For training, the reduced energy
 * {@code u = E/kT} can be regularised as in boltzgen: NaN/Inf and values above {@code energyMax} become
 * {@code energyMax}, and values above {@code energyCut} are log-compressed to {@code cut + log(u - cut + 1)},
 * so reverse KL starts without overflow. {@link #trueLogProb} and {@link #energies} always use the true energy
 * (for importance weights). Without regularisation a NaN energy stays NaN, for the trainer to detect.
 */
public final class EnergyTarget implements Target {
    private final EnergyBridge bridge;
    private final ThermodynamicState state;
    private final double kT;
    private final double energyCut;
    private final double energyMax;

    private EnergyTarget(EnergyBridge bridge, ThermodynamicState state, double energyCut, double energyMax) {
        if (!(energyCut <= energyMax)) {
            throw new IllegalArgumentException("energy cut " + energyCut + " must not exceed energy max " + energyMax);
        }
        this.bridge = bridge;
        this.state = state;
        this.kT = state.kT();
        this.energyCut = energyCut;
        this.energyMax = energyMax;
    }

    /**
     * The true Boltzmann density of {@code state}, without regularisation, its energies computed by
     * {@code evaluator} (which must evaluate the state's model, if the state names one).
     */
    public static EnergyTarget of(BatchEnergyEvaluator evaluator, ThermodynamicState state) {
        if (state.model() != null && state.model() != evaluator.model()) {
            throw new IllegalArgumentException("the evaluator computes another energy model than the state's");
        }
        return new EnergyTarget(new EnergyBridge(evaluator), state, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY);
    }

    /**
     * The same density with training regularisation of the reduced energy: log-compressed above
     * {@code energyCut} and clamped at {@code energyMax} (both in units of kT, as boltzgen's
     * {@code energy_cut}/{@code energy_max}).
     */
    public EnergyTarget regularized(double energyCut, double energyMax) {
        return new EnergyTarget(bridge, state, energyCut, energyMax);
    }

    /** The thermodynamic state whose density this is. */
    public ThermodynamicState state() {
        return state;
    }

    @Override
    public int dim() {
        return bridge.dim();
    }

    /** {@code -u_reg(x)}: the regularised (for training) log-density, differentiable. */
    @Override
    public NDArray logProb(NDArray x) {
        EnergyBridge.EnergiesAndForces result = bridge.evaluate(x);
        double[] energies = result.energies();
        double[] forces = result.forces();
        int dim = dim();
        double[] values = new double[energies.length];
        double[] gradients = new double[forces.length];
        for (int b = 0; b < energies.length; b++) {
            double u = state.reduced(energies[b]);
            double slope = 1;
            if (Double.isNaN(u) || u >= energyMax) {
                u = Double.isInfinite(energyMax) ? u : energyMax;
                slope = 0;
            }
            if (u > energyCut && Double.isFinite(u)) {
                slope /= u - energyCut + 1;
                u = energyCut + Math.log(u - energyCut + 1);
            }
            values[b] = -u;
            for (int k = b * dim; k < (b + 1) * dim; k++) {
                gradients[k] = slope == 0 ? 0 : slope * forces[k] / kT;
            }
        }
        return SurrogateGradient.of(x, values, gradients);
    }

    /** {@code -E(x)/kT} with the true energy (no regularisation), differentiable; for importance weights. */
    public NDArray trueLogProb(NDArray x) {
        return NDMath.scale(bridge.energy(x), 1.0 / (-kT));
    }

    /** The true energies in kJ/mol of each row of {@code x}. */
    public double[] energies(NDArray x) {
        return bridge.evaluate(x).energies();
    }
}
