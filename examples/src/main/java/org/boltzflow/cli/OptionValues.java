package org.boltzflow.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for option values that must be in range: positive counts, non-negative counts, positive finite
 * numbers. Every command uses them through {@code converter = ...}; a value out of range is a usage error naming
 * the option and the allowed range. (Plain {@code double} options refuse NaN and infinities through
 * {@link FiniteDouble}, registered for all commands.)
 */
final class OptionValues {
    private OptionValues() {}

    /** A whole number >= 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) wholeNumber(value, 1, Integer.MAX_VALUE);
        }
    }

    /** A whole number >= 0. */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) wholeNumber(value, 0, Integer.MAX_VALUE);
        }
    }

    /** A whole number >= 1 up to 2^63 - 1. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return wholeNumber(value, 1, Long.MAX_VALUE);
        }
    }

    /** A finite number > 0. */
    static final class PositiveDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = new FiniteDouble().convert(value);
            if (!(v > 0)) {
                throw new TypeConversionException("'" + value + "' must be > 0");
            }
            return v;
        }
    }

    /** Any finite number: NaN and infinities are refused. */
    static final class FiniteDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v;
            try {
                v = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new TypeConversionException("'" + value + "' is not a finite number");
            }
            return v;
        }
    }

    private static long wholeNumber(String value, long min, long max) {
        String text = value.strip().replace("_", "");
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            boolean numeric = text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
            throw new TypeConversionException("'" + value + "' is " + (numeric && text.matches("[-+]?\\d+")
                    ? "out of range" : numeric ? "not a whole number" : "not a number") + "; expected a whole "
                    + "number from " + min + " to " + max);
        }
        if (v < min || v > max) {
            throw new TypeConversionException("'" + value + "' is out of range; expected a whole number from " + min
                    + " to " + max);
        }
        return v;
    }
}
