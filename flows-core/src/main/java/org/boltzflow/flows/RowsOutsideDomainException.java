package org.boltzflow.flows;

import java.util.Arrays;

/**
 * A layer's refusal of a batch because some of its rows lie outside the layer's domain (e.g. a bond angle outside
 * (0, π) for an internal-coordinate layer). It names every refused row, so a caller that can give such points
 * density zero (see the MCMC package's latent target) drops exactly those rows and maps the rest as one batch.
 */
public final class RowsOutsideDomainException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long[] rows;

    /** A refusal of {@code rows} (indices into the batch, at least one), described by {@code message}. */
    public RowsOutsideDomainException(String message, long[] rows) {
        super(message);
        if (rows.length == 0) {
            throw new IllegalArgumentException("a refusal must name at least one row");
        }
        this.rows = rows.clone();
    }

    /** The refused rows, indices into the batch the layer was given, in increasing order. */
    public long[] rows() {
        long[] sorted = rows.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
