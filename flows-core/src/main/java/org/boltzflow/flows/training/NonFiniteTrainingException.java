package org.boltzflow.flows.training;

/** Thrown when too many training steps in a row had a NaN/Inf loss or gradient. */
public final class NonFiniteTrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteTrainingException(long step, int inARow, double loss, double gradNorm) {
        super("training diverged: " + inARow + " steps in a row up to step " + step
                + " had a non-finite loss or gradient (last loss " + loss + ", gradient norm " + gradNorm
                + "); lower the learning rate, clip gradients, or regularize the energy");
    }
}
