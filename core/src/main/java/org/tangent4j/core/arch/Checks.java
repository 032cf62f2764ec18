package org.tangent4j.core.arch;

/** Argument checks whose messages name the argument, its value and what was expected. */
final class Checks {
    private Checks() {
    }

    static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": expected a finite number");
        }
        return value;
    }

    static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + ": expected a finite number >= 0");
        }
        return value;
    }
}
