package org.boltzflow.boltzmann.conformers;

import java.util.Locale;
import org.boltzflow.boltzmann.md.ReplicaExchange;

/**
 * Settings of a conformer search. Temperature (K) and window (kJ/mol of free energy above the most populated
 * conformer) are the user's; the rest is sampling effort, chosen by a {@link Preset}:
 * replica-exchange Langevin MD on MMFF94 (temperatures from {@code temperature} up to {@code maxTemperature},
 * spaced for the molecule's size by {@link #ladder(int)}, {@code equilibrationSteps} then {@code productionSteps} steps of {@code timestep} ps per
 * replica, exchanges every {@code exchangeInterval} steps, a sample of the lowest temperature every
 * {@code sampleInterval} steps), then L-BFGS minimization of every sample to {@code groupingTolerance} kJ/mol/nm and
 * merging of minima within {@code rmsdThreshold} nm heavy-atom RMSD. {@code threads} only changes speed.
 */
public record ConformerSettings(double temperature, double window, double maxTemperature,
        double timestep, double friction, int equilibrationSteps, int productionSteps, int exchangeInterval,
        int sampleInterval, double groupingTolerance, double rmsdThreshold, int bootstrapBlocks,
        int bootstrapReplicates, int threads) {

    /** Sampling effort presets, from a seconds-long test run to a thorough one. */
    public enum Preset {
        /** A few seconds: for tests only, populations are rough. */
        TINY,
        /** Under a minute for a drug-like molecule on two cores. */
        FAST,
        /** A few minutes for a drug-like molecule on two cores. */
        DEFAULT,
        /** Four times the default's sampling. */
        THOROUGH;

        /** The preset named {@code name} (case-insensitive), or an exception listing the names. */
        public static Preset parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown preset '" + name + "'; expected tiny, fast, default or "
                        + "thorough");
            }
        }
    }

    /** Checks the ranges. */
    public ConformerSettings {
        if (!(temperature > 0) || !(maxTemperature >= temperature) || Double.isInfinite(maxTemperature)) {
            throw new IllegalArgumentException("temperatures must satisfy 0 < temperature <= maxTemperature, got "
                    + temperature + " K and " + maxTemperature + " K");
        }
        if (!(window > 0)) {
            throw new IllegalArgumentException("window must be positive, got " + window + " kJ/mol");
        }
        if (productionSteps < 1 || equilibrationSteps < 0 || exchangeInterval < 1
                || sampleInterval < 1 || bootstrapBlocks < 2 || bootstrapReplicates < 2 || threads < 1) {
            throw new IllegalArgumentException("steps, intervals, bootstrap sizes and threads must be positive "
                    + "(bootstrap at least 2)");
        }
        if (productionSteps / sampleInterval < bootstrapBlocks) {
            throw new IllegalArgumentException("fewer samples (" + productionSteps / sampleInterval + ") than "
                    + "bootstrap blocks (" + bootstrapBlocks + ")");
        }
    }

    /** The settings of {@code preset} at {@code temperature} K with a free-energy window in kJ/mol. */
    public static ConformerSettings of(Preset preset, double temperature, double window, int threads) {
        return switch (preset) {
            case TINY -> new ConformerSettings(temperature, window, 2 * temperature, 0.001, 5.0, 500, 4_000, 20, 20,
                    1.0, 0.05, 10, 100, threads);
            case FAST -> new ConformerSettings(temperature, window, 2 * temperature, 0.001, 5.0, 2_000, 40_000, 50,
                    50, 1.0, 0.05, 20, 200, threads);
            case DEFAULT -> new ConformerSettings(temperature, window, 2.5 * temperature, 0.001, 5.0, 5_000, 150_000,
                    50, 100, 1.0, 0.05, 20, 200, threads);
            case THOROUGH -> new ConformerSettings(temperature, window, 3 * temperature, 0.001, 5.0, 10_000, 600_000,
                    50, 200, 1.0, 0.05, 20, 200, threads);
        };
    }

    /**
     * These settings with another top temperature (K; equal to {@code temperature} gives plain Langevin MD), number
     * of production steps and of samples (the sample interval rounded to whole exchange intervals).
     */
    public ConformerSettings withSampling(double newMaxTemperature, int steps, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        }
        int interval = Math.max(1, Math.round(steps / (float) samples / exchangeInterval)) * exchangeInterval;
        return new ConformerSettings(temperature, window, newMaxTemperature, timestep, friction, equilibrationSteps,
                steps, exchangeInterval, interval, groupingTolerance, rmsdThreshold, bootstrapBlocks,
                bootstrapReplicates, threads);
    }

    /** The number of samples the lowest-temperature replica contributes. */
    public int sampleCount() {
        return productionSteps / sampleInterval;
    }

    /**
     * The replica temperatures in K for a molecule of {@code atoms} atoms, geometrically spaced from
     * {@code temperature} to {@code maxTemperature} with neighbours {@code 1 + 1.6 / sqrt(1.5 atoms)} apart in ratio
     * (a harmonic molecule's energy distributions then overlap for a swap acceptance near 0.25).
     */
    public double[] ladder(int atoms) {
        double ratio = 1 + 1.6 / Math.sqrt(1.5 * Math.max(1, atoms));
        int replicas = 1 + (int) Math.ceil(Math.log(maxTemperature / temperature) / Math.log(ratio) - 1e-9);
        return ReplicaExchange.geometricLadder(temperature, maxTemperature, replicas);
    }
}
