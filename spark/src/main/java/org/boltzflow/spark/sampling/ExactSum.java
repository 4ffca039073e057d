package org.boltzflow.spark.sampling;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * A sum of doubles held exactly (an integer times a power of two), so that adding the same terms in any order or
 * grouping gives the same bits: partial sums from any partitioning of the work merge to one answer. Terms may be
 * scaled by a power of two on the way in, which is exact too.
 */
public final class ExactSum implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long FRACTION = (1L << 52) - 1;

    private BigInteger mantissa = BigInteger.ZERO;
    private int exponent;

    /** Adds {@code x · 2^scale}; {@code x} must be finite. */
    public void add(double x, int scale) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("cannot sum a non-finite value: " + x);
        }
        if (x == 0) {
            return;
        }
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) ((bits >>> 52) & 0x7FF);
        long m = biased == 0 ? bits & FRACTION : (bits & FRACTION) | (1L << 52);
        int e = (biased == 0 ? -1074 : biased - 1075) + scale;
        addScaled(BigInteger.valueOf(x < 0 ? -m : m), e);
    }

    /** Adds another exact sum. */
    public void add(ExactSum other) {
        if (other.mantissa.signum() != 0) {
            addScaled(other.mantissa, other.exponent);
        }
    }

    private void addScaled(BigInteger m, int e) {
        if (mantissa.signum() == 0) {
            mantissa = m;
            exponent = e;
        } else if (e < exponent) {
            mantissa = mantissa.shiftLeft(exponent - e).add(m);
            exponent = e;
        } else {
            mantissa = mantissa.add(m.shiftLeft(e - exponent));
        }
    }

    /** The sum as a double, a fixed function of the exact value (0 for an empty sum). */
    public double value() {
        return Math.scalb(leading(), leadingExponent());
    }

    /** {@code log(value())}, without overflow or underflow for sums far outside the double range. */
    public double log() {
        if (mantissa.signum() <= 0) {
            return mantissa.signum() == 0 ? Double.NEGATIVE_INFINITY : Double.NaN;
        }
        return Math.log(leading()) + leadingExponent() * Math.log(2);
    }

    /** {@code numerator / denominator}, without overflow for sums far outside the double range. */
    public static double ratio(ExactSum numerator, ExactSum denominator) {
        return Math.scalb(numerator.leading() / denominator.leading(),
                numerator.leadingExponent() - denominator.leadingExponent());
    }

    /** The leading 62 bits of the mantissa; the value is {@code leading() · 2^leadingExponent()}. */
    private double leading() {
        return mantissa.shiftRight(dropped()).doubleValue();
    }

    private int leadingExponent() {
        return exponent + dropped();
    }

    private int dropped() {
        return Math.max(mantissa.bitLength() - 62, 0);
    }
}
