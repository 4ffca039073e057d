package org.boltzflow.boltzmann.md;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.io.Trajectory;

/**
 * A reporter that keeps a copy of the positions at every report as a trajectory frame and averages the potential
 * energy and the kinetic temperature over the reports.
 */
public final class MdRecorder implements MdReporter {
    private final List<double[]> frames = new ArrayList<>();
    private double potentialSum;
    private double temperatureSum;

    @Override
    public void report(long step, LangevinIntegrator integrator) {
        frames.add(integrator.positions().clone());
        potentialSum += integrator.potentialEnergy();
        temperatureSum += integrator.temperature();
    }

    /** The number of frames recorded. */
    public int frameCount() {
        return frames.size();
    }

    /** The recorded frames of a system of {@code atomCount} atoms. */
    public Trajectory trajectory(int atomCount) {
        return new Trajectory(atomCount, frames);
    }

    /** Mean potential energy in kJ/mol over the reports (NaN before the first). */
    public double meanPotentialEnergy() {
        return potentialSum / frames.size();
    }

    /** Mean kinetic temperature in K over the reports (NaN before the first). */
    public double meanTemperature() {
        return temperatureSum / frames.size();
    }
}
