package org.boltzflow.flows.training;

/**
 * What one training step did: its index, loss (NaN if skipped), gradient norm before clipping, learning rate,
 * whether it was skipped for a non-finite loss or gradient, and how many steps were skipped so far.
 */
public record StepReport(long step, double loss, double gradNorm, double learningRate, boolean skipped,
        long skippedTotal) {}
