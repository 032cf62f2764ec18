package org.tangent4j.autodiff.realization;

import java.io.OutputStream;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Builds a SameDiff gradient function once, without its console noise: SameDiff 1.0.0-M2.1 prints
 * "Added differentiated op ..." to {@code System.out} for every op (not through a logger). While the gradient
 * function is built, {@code System.out} is swapped for a sink; the swap is guarded by one global lock, so two
 * builds never interleave, but output other threads write to {@code System.out} during a build is dropped.
 */
public final class GradientFunctions {

    private static final Object STDOUT_LOCK = new Object();

    private GradientFunctions() {
    }

    /**
     * {@code sd.createGradFunction(placeholders)} with {@code System.out} silenced.
     *
     * @param placeholders placeholders whose gradients are also wanted (none for parameter gradients alone)
     */
    public static void build(SameDiff sd, String... placeholders) {
        synchronized (STDOUT_LOCK) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                if (placeholders.length == 0) {
                    sd.createGradFunction();
                } else {
                    sd.createGradFunction(placeholders);
                }
            } finally {
                System.setOut(out);
            }
        }
    }
}
