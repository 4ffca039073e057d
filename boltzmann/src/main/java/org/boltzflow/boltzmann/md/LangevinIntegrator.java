package org.boltzflow.boltzmann.md;

import java.util.SplittableRandom;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.Units;

/**
 * Langevin dynamics with the BAOAB splitting (Leimkuhler and Matthews): half kick, half drift, exact
 * Ornstein-Uhlenbeck velocity update, half drift, force, half kick. With {@link BondConstraints}, positions are
 * SHAKEn after each drift (velocities set to the constrained displacement over the half step, which also removes
 * the first kick's components along bonds) and velocities RATTLEd after the O step and the final kick.
 * Plain Java on {@code double[3N]} in nm, nm/ps, kJ/mol; masses in amu. Deterministic for a given seed.
 */
public final class LangevinIntegrator {
    private final EnergyModel model;
    private final LangevinSettings settings;
    private final BondConstraints constraints;
    private final double[] inverseMasses;
    private final double[] noiseScale;
    private final double velocityDecay;
    private final double noiseWeight;
    private final SplittableRandom random;
    private final int n;
    private final double[] x;
    private final double[] v;
    private final double[] f;
    private final double[] previous;
    private double potentialEnergy;
    private double thermostatKinetic;
    private long step;

    /**
     * An integrator of {@code model} for atoms of {@code masses} (amu); {@code constraints} may be null. Call
     * {@link #initialize} before stepping.
     */
    public LangevinIntegrator(EnergyModel model, double[] masses, LangevinSettings settings,
            BondConstraints constraints) {
        if (masses.length != model.atomCount()) {
            throw new IllegalArgumentException(masses.length + " masses for " + model.atomCount() + " atoms");
        }
        this.model = model;
        this.settings = settings;
        this.constraints = constraints == null ? new BondConstraints(java.util.List.of(), new double[0], 1e-10)
                : constraints;
        this.n = 3 * masses.length;
        this.inverseMasses = new double[masses.length];
        this.noiseScale = new double[masses.length];
        this.velocityDecay = Math.exp(-settings.friction() * settings.timestep());
        this.noiseWeight = Math.sqrt(1 - velocityDecay * velocityDecay);
        double kT = settings.state().kT();
        for (int i = 0; i < masses.length; i++) {
            if (!(masses[i] > 0) || Double.isInfinite(masses[i])) {
                throw new IllegalArgumentException("atom " + i + " has mass " + masses[i] + " amu; massless or "
                        + "fixed atoms are not supported");
            }
            inverseMasses[i] = 1 / masses[i];
            noiseScale[i] = Math.sqrt(kT / masses[i]);
        }
        this.random = new SplittableRandom(settings.seed());
        this.x = new double[n];
        this.v = new double[n];
        this.f = new double[n];
        this.previous = new double[n];
    }

    /**
     * Sets the positions (nm; constrained bonds are SHAKEn onto their lengths), draws velocities from the
     * Maxwell-Boltzmann distribution at the bath temperature and computes the forces.
     */
    public void initialize(double[] positions) {
        if (positions.length != n) {
            throw new IllegalArgumentException(positions.length + " coordinates for " + n / 3 + " atoms");
        }
        System.arraycopy(positions, 0, x, 0, n);
        System.arraycopy(positions, 0, previous, 0, n);
        constraints.constrainPositions(x, previous, inverseMasses);
        for (int k = 0; k < n; k++) {
            v[k] = noiseScale[k / 3] * random.nextGaussian();
        }
        constraints.constrainVelocities(v, x, inverseMasses);
        computeForces();
        thermostatKinetic = kineticEnergy();
        step = 0;
    }

    /** Advances one BAOAB step. */
    public void step() {
        double half = 0.5 * settings.timestep();
        kick(half);
        drift(half);
        if (settings.friction() > 0) {
            for (int atom = 0, k = 0; atom < noiseScale.length; atom++) {
                double scale = noiseWeight * noiseScale[atom];
                for (int end = k + 3; k < end; k++) {
                    v[k] = velocityDecay * v[k] + scale * random.nextGaussian();
                }
            }
            constraints.constrainVelocities(v, x, inverseMasses);
        }
        thermostatKinetic = kineticEnergy();
        drift(half);
        computeForces();
        kick(half);
        constraints.constrainVelocities(v, x, inverseMasses);
        step++;
    }

    /** Runs {@code steps} steps, calling {@code reporter} (if not null) after every {@code every}-th step. */
    public void run(long steps, int every, MdReporter reporter) {
        if (every < 1) {
            throw new IllegalArgumentException("report interval must be at least 1 step, got " + every);
        }
        for (long s = 0; s < steps; s++) {
            step();
            if (reporter != null && step % every == 0) {
                reporter.report(step, this);
            }
        }
    }

    private void kick(double dt) {
        for (int atom = 0, k = 0; atom < inverseMasses.length; atom++) {
            double scale = dt * inverseMasses[atom];
            for (int end = k + 3; k < end; k++) {
                v[k] += scale * f[k];
            }
        }
    }

    private void drift(double dt) {
        System.arraycopy(x, 0, previous, 0, n);
        for (int k = 0; k < n; k++) {
            x[k] += dt * v[k];
        }
        if (constraints.count() > 0) {
            constraints.constrainPositions(x, previous, inverseMasses);
            double inverse = 1 / dt;
            for (int k = 0; k < n; k++) {
                v[k] = (x[k] - previous[k]) * inverse;
            }
        }
    }

    private void computeForces() {
        potentialEnergy = model.energyAndForces(x, f);
        if (!Double.isFinite(potentialEnergy)) {
            throw new IllegalStateException("potential energy became " + potentialEnergy + " at step " + step
                    + "; the time step may be too large or the start structure clashes");
        }
    }

    /** The number of completed steps since {@link #initialize}. */
    public long stepCount() {
        return step;
    }

    /** The positions in nm (the live array: read, do not modify). */
    public double[] positions() {
        return x;
    }

    /** The velocities in nm/ps (the live array: read, do not modify). */
    public double[] velocities() {
        return v;
    }

    /** The potential energy in kJ/mol of the current positions. */
    public double potentialEnergy() {
        return potentialEnergy;
    }

    /** The kinetic energy in kJ/mol of the full-step velocities (conjugate to the positions: for total energy). */
    public double kineticEnergy() {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += v[k] * v[k] / inverseMasses[k / 3];
        }
        return 0.5 * sum;
    }

    /** Degrees of freedom: 3N minus one per constraint (the centre of mass is not fixed under Langevin). */
    public int degreesOfFreedom() {
        return n - constraints.count();
    }

    /**
     * Instantaneous kinetic temperature in K, {@code 2 KE / (dof R)}, from the velocities right after the last O
     * step: BAOAB samples those without the {@code -(ω dt / 2)^2} bias of the full-step velocities of
     * {@link #kineticEnergy()} (about -3% for alanine dipeptide at 1 fs without constraints).
     */
    public double temperature() {
        return 2 * thermostatKinetic / (degreesOfFreedom() * Units.MOLAR_GAS_CONSTANT);
    }

    /** The settings. */
    public LangevinSettings settings() {
        return settings;
    }
}
