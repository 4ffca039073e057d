package org.boltzflow.flows.io;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The fuzz contract itself fails on foreign exceptions, errors, unnamed inputs and hangs. */
class InputContractTest {
    @Test
    void passesOnResultsAndOurExceptionOnly() {
        InputContract.validOrRefused("a.npy", "ok", () -> 1);
        InputContract.validOrRefused("a.npy", "refused", () -> {
            throw new InvalidInputException("a.npy", "bad");
        });
        assertThrows(AssertionError.class, () -> InputContract.validOrRefused("a.npy", "foreign", () -> {
            throw new IllegalStateException("boom");
        }));
        assertThrows(AssertionError.class, () -> InputContract.validOrRefused("a.npy", "error", () -> {
            throw new OutOfMemoryError("boom");
        }));
        assertThrows(AssertionError.class, () -> InputContract.validOrRefused("a.npy", "unnamed", () -> {
            throw new InvalidInputException("b.npy", "bad");
        }));
    }
}
