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
 * merging of minima within {@code rmsdThreshold} nm heavy-atom RMSD. With {@link Sampler#FLOW} the replica-exchange
 * samples train a normalizing flow ({@link FlowEffort}) whose importance-weighted draws are grouped instead.
 * {@code threads} only changes speed.
 */
public record ConformerSettings(double temperature, double window, double maxTemperature,
        double timestep, double friction, int equilibrationSteps, int productionSteps, int exchangeInterval,
        int sampleInterval, double groupingTolerance, double rmsdThreshold, int bootstrapBlocks,
        int bootstrapReplicates, int threads, Sampler sampler, FlowEffort flow) {

    /** Where the grouped samples come from. */
    public enum Sampler {
        /** Every replica of the replica-exchange MD, weighted by MBAR for the temperature. */
        MD,
        /**
         * Draws of a normalizing flow trained on the MD samples and against MMFF94, weighted by the true energy.
         */
        FLOW;

        /** The sampler named {@code name} (case-insensitive), or an exception listing the names. */
        public static Sampler parse(String name) {
            return named(Sampler.class, name, "sampler", "md or flow");
        }
    }

    /** The constant of {@code type} named {@code name} (case-insensitive), or an exception listing the names. */
    private static <E extends Enum<E>> E named(Class<E> type, String name, String what, String names) {
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + " '" + name + "'; expected " + names);
        }
    }

    /**
     * The flow stage's effort: {@code blocks} spline coupling blocks of {@code bins} bins with two hidden layers of
     * {@code hidden} units, trained for {@code forwardSteps} forward-KL steps on the MD samples then
     * {@code reverseSteps} reverse-KL steps against MMFF94 (plus forward KL on the samples), batches of
     * {@code batch}; then {@code draws} draws are weighted and grouped.
     */
    public record FlowEffort(int blocks, int bins, int hidden, int forwardSteps, int reverseSteps, int batch,
            int draws) {
        /** Checks the ranges. */
        public FlowEffort {
            if (blocks < 1 || bins < 2 || hidden < 1 || forwardSteps < 0 || reverseSteps < 0 || batch < 1
                    || draws < 1) {
                throw new IllegalArgumentException("flow blocks, hidden units, batch and draws must be positive, "
                        + "bins at least 2 and training steps not negative");
            }
        }
    }

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
            return named(Preset.class, name, "preset", "tiny, fast, default or thorough");
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
        if (sampler == null || flow == null) {
            throw new IllegalArgumentException("a sampler and the flow's effort are required");
        }
        if (flow.draws() < bootstrapBlocks) {
            throw new IllegalArgumentException("fewer flow draws (" + flow.draws() + ") than bootstrap blocks ("
                    + bootstrapBlocks + ")");
        }
    }

    /**
     * The settings of {@code preset} at {@code temperature} K with a free-energy window in kJ/mol, sampled by
     * replica-exchange MD ({@link #withSampler} chooses the flow).
     */
    public static ConformerSettings of(Preset preset, double temperature, double window, int threads) {
        return switch (preset) {
            case TINY -> new ConformerSettings(temperature, window, 2 * temperature, 0.001, 5.0, 500, 4_000, 20, 20,
                    1.0, 0.05, 10, 100, threads, Sampler.MD, new FlowEffort(2, 8, 32, 100, 20, 64, 200));
            case FAST -> new ConformerSettings(temperature, window, 2 * temperature, 0.001, 5.0, 2_000, 40_000, 50,
                    50, 1.0, 0.05, 20, 200, threads, Sampler.MD, new FlowEffort(4, 8, 64, 400, 100, 256, 2_000));
            case DEFAULT -> new ConformerSettings(temperature, window, 2.5 * temperature, 0.001, 5.0, 5_000, 150_000,
                    50, 100, 1.0, 0.05, 20, 200, threads, Sampler.MD, new FlowEffort(4, 8, 64, 1_000, 300, 256,
                            5_000));
            case THOROUGH -> new ConformerSettings(temperature, window, 3 * temperature, 0.001, 5.0, 10_000, 600_000,
                    50, 200, 1.0, 0.05, 20, 200, threads, Sampler.MD, new FlowEffort(6, 8, 128, 3_000, 1_000,
                            256, 20_000));
        };
    }

    /**
     * These settings with the samples grouped into conformers coming from {@code newSampler}. The flow also records
     * an MD frame every exchange interval: the frames only train it, and more of them (at no extra MD) fit it
     * better; {@link #withSampling} may set another number afterwards.
     */
    public ConformerSettings withSampler(Sampler newSampler) {
        return new ConformerSettings(temperature, window, maxTemperature, timestep, friction, equilibrationSteps,
                productionSteps, exchangeInterval, newSampler == Sampler.FLOW ? exchangeInterval : sampleInterval,
                groupingTolerance, rmsdThreshold, bootstrapBlocks, bootstrapReplicates, threads, newSampler, flow);
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
                bootstrapReplicates, threads, sampler, flow);
    }

    /** The number of samples the lowest-temperature replica contributes (with the flow: its training data). */
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
