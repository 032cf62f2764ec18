package org.tangent4j.examples.cli;

import java.util.Locale;
import java.util.function.LongUnaryOperator;
import org.tangent4j.core.check.Memory;

/**
 * Memory estimates of the commands, made before anything is allocated, in long arithmetic. A fully-connected network
 * of depth L (L hidden layers of width n), input dimension d and k outputs has
 * P = d n + (L - 1) n^2 + n k weights plus (L n + k) biases when b_std &gt; 0; each weight matrix is drawn as one Java
 * array (on the heap) and then held in native memory.
 */
final class Footprint {

    private Footprint() {
    }

    /** The widths d, n, ..., n, k of the Dense layers' inputs and outputs. */
    private static long[] widths(int depth, long d, long width, long k) {
        long[] w = new long[depth + 2];
        w[0] = d;
        for (int i = 1; i <= depth; i++) {
            w[i] = width;
        }
        w[depth + 1] = k;
        return w;
    }

    /** P, the number of parameters (weights, and biases when {@code biases}). */
    static long parameters(int depth, long d, long width, long k, boolean biases) {
        long[] w = widths(depth, d, width, k);
        long p = 0;
        for (int i = 0; i + 1 < w.length; i++) {
            p = Math.addExact(p, Math.addExact(Math.multiplyExact(w[i], w[i + 1]), biases ? w[i + 1] : 0));
        }
        return p;
    }

    /** The entries of the largest weight matrix (one Java array while it is drawn). */
    static long largestLayer(int depth, long d, long width, long k) {
        long[] w = widths(depth, d, width, k);
        long max = 0;
        for (int i = 0; i + 1 < w.length; i++) {
            max = Math.max(max, Math.multiplyExact(w[i], w[i + 1]));
        }
        return max;
    }

    /**
     * Refuses a network width the machine cannot hold, naming --width, the parameter count, the bytes needed and
     * available, and the largest width that fits.
     *
     * @param what the computation, e.g. "kernel --empirical on 4 + 4 points"
     * @param nativeBytes native bytes needed at a given width (monotone in the width)
     */
    static void requireWidth(String what, ArchitectureOptions arch, long d, int width, long k, LongUnaryOperator nativeBytes) {
        LongUnaryOperator layer = w -> largestLayer(arch.depth, d, w, k);
        long heapArray = Math.min(Memory.MAX_JAVA_ARRAY, Memory.maxHeap() / Memory.DOUBLE_BYTES);
        long available = Memory.availableNative();
        LongUnaryOperator fits = w -> {
            try {
                return layer.applyAsLong(w) <= heapArray && (available < 0 || nativeBytes.applyAsLong(w) <= available) ? 1 : 0;
            } catch (ArithmeticException | IllegalArgumentException e) {
                return 0;
            }
        };
        if (fits.applyAsLong(width) == 1) {
            return;
        }
        long lo = 0;
        long hi = width;
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (fits.applyAsLong(mid) == 1) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        String advice = lo >= 1 ? "use a smaller --width (at most about " + lo + " fits here)" : "use fewer points";
        long params;
        try {
            params = parameters(arch.depth, d, width, k, arch.bStd > 0);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("--width " + width + ": the network has more than 2^63 parameters; " + advice);
        }
        String net = what + " at --width " + width + " (a network of " + String.format(Locale.ROOT, "%,d", params) + " parameters)";
        long entries = layer.applyAsLong(width);
        if (entries > heapArray) {
            Memory.requireHeapArray(net + ", its largest weight matrix", entries, advice);
            Memory.requireHeap(net + ", its largest weight matrix", entries * Memory.DOUBLE_BYTES,
                    advice + ", or give the JVM more heap (TANGENT4J_JAVA_OPTS=-Xmx...)");
        }
        long bytes;
        try {
            bytes = nativeBytes.applyAsLong(width);
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        Memory.requireNative(net, bytes, advice);
    }

    /** 8 (a + b + ...) in exact long arithmetic; overflow is an {@link ArithmeticException}. */
    static long doubles(long... counts) {
        long s = 0;
        for (long c : counts) {
            s = Math.addExact(s, c);
        }
        return Math.multiplyExact(s, Memory.DOUBLE_BYTES);
    }
}
