package org.tangent4j.autodiff.realization;

import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Builds a SameDiff gradient function once. SameDiff 1.0.0-M2.1 prints "Added differentiated op NAME" to
 * {@code System.out} for every op it differentiates, unconditionally (not through a logger, so no logging setting
 * silences it). tangent4j's library code never touches {@code System.out}; an application that wants a clean
 * console opts in with {@link #quietConsole()}, which drops exactly those lines and passes everything else through.
 */
public final class GradientFunctions {

    /** The start of the line SameDiff 1.0.0-M2.1 prints per differentiated op. */
    static final String NOISE = "Added differentiated op ";

    private GradientFunctions() {
    }

    /**
     * {@code sd.createGradFunction(placeholders)}.
     *
     * @param placeholders placeholders whose gradients are also wanted (none for parameter gradients alone)
     */
    public static void build(SameDiff sd, String... placeholders) {
        if (placeholders.length == 0) {
            sd.createGradFunction();
        } else {
            sd.createGradFunction(placeholders);
        }
    }

    /**
     * Replaces {@code System.out} by a stream that drops SameDiff's "Added differentiated op ..." lines and writes
     * everything else to the previous {@code System.out}; closing the handle puts the previous stream back. A
     * process-wide setting, for an application's {@code main} (call it once and keep it) or a test's setup: library
     * code never calls it.
     */
    public static Restore quietConsole() {
        PrintStream previous = System.out;
        System.setOut(new Filter(previous));
        return () -> System.setOut(previous);
    }

    /** Puts the previous {@code System.out} back. */
    @FunctionalInterface
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    /** A PrintStream that drops SameDiff's per-op lines. */
    private static final class Filter extends PrintStream {
        Filter(PrintStream target) {
            super(target, true);
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(NOISE)) {
                super.println(line);
            }
        }
    }
}
