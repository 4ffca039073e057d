package org.boltzflow.boltzmann.generator;

import java.util.List;

/**
 * A Boltzmann generator's training: its phases in order (steps numbered on across phases, so step {@code s} is
 * seeded by {@code (seed, s)} whatever phase it is in), the regularization of the reduced energy for training
 * (log-compressed above {@code energyCut}, capped at {@code energyMax}, in kT), gradient clipping at
 * {@code maxGradNorm}, and a checkpoint every {@code checkpointEvery} steps.
 */
public record TrainingPlan(List<TrainingPhase> phases, double energyCut, double energyMax, double maxGradNorm,
        int checkpointEvery) {
    /** Checks the ranges. */
    public TrainingPlan {
        phases = List.copyOf(phases);
        if (!(energyCut < energyMax) || !(maxGradNorm > 0) || checkpointEvery < 1) {
            throw new IllegalArgumentException("training energyCut must be below energyMax, maxGradNorm > 0, "
                    + "checkpointEvery >= 1");
        }
    }

    /** {@code phases} with boltzgen's regularization (cut 1000, max 1e5), gradient norm 100, checkpoints every 250. */
    public static TrainingPlan of(TrainingPhase... phases) {
        return new TrainingPlan(List.of(phases), 1e3, 1e5, 100, 250);
    }

    /** The steps of all phases. */
    public long totalSteps() {
        return phases.stream().mapToLong(TrainingPhase::steps).sum();
    }

    /** Whether some phase reads reference frames. */
    public boolean needsReference() {
        return phases.stream().anyMatch(TrainingPhase::needsReference);
    }

    /** How many reference frames the training reads: steps × batch of every phase that reads them. */
    public long referenceFramesRead() {
        return phases.stream().filter(TrainingPhase::needsReference).mapToLong(p -> p.steps() * p.batch()).sum();
    }

    /** The index of the phase that global step {@code step} belongs to. */
    int phaseOf(long step) {
        long end = 0;
        for (int i = 0; i < phases.size(); i++) {
            end += phases.get(i).steps();
            if (step < end) {
                return i;
            }
        }
        return phases.size() - 1;
    }

    /** The first global step of phase {@code index}. */
    long firstStep(int index) {
        long first = 0;
        for (int i = 0; i < index; i++) {
            first += phases.get(i).steps();
        }
        return first;
    }
}
