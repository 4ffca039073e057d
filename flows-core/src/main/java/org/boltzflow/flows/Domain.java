package org.boltzflow.flows;

/**
 * The domain of one coordinate, which decides how spline flows and bases treat it: {@link Kind#UNBOUNDED} (the
 * real line; a spline acts on [low, high] and is the identity outside), {@link Kind#BOUNDED} (the interval
 * [low, high] maps onto itself) or {@link Kind#CIRCULAR} (an angle, periodic on [low, high), by default [-π, π)).
 */
public record Domain(Kind kind, double low, double high) {
    /** What sort of coordinate it is. */
    public enum Kind {
        UNBOUNDED,
        BOUNDED,
        CIRCULAR
    }

    /** Checks that the interval is finite and not empty. */
    public Domain {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
            throw new IllegalArgumentException("domain interval [" + low + ", " + high + "] must be finite and non-empty");
        }
    }

    /** The real line, with splines active on [-bound, bound]. */
    public static Domain unbounded(double bound) {
        return new Domain(Kind.UNBOUNDED, -bound, bound);
    }

    /** The interval [low, high]. */
    public static Domain bounded(double low, double high) {
        return new Domain(Kind.BOUNDED, low, high);
    }

    /** An angle on [-π, π). */
    public static Domain circular() {
        return new Domain(Kind.CIRCULAR, -Math.PI, Math.PI);
    }

    /** Whether this is an angle. */
    public boolean isCircular() {
        return kind == Kind.CIRCULAR;
    }
}
