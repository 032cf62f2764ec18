package org.tangent4j.core.tiles;

import org.bytedeco.javacpp.Pointer;

/**
 * ND4J frees an array's native buffer only when its small Java wrapper is garbage-collected, so a loop over tiles can
 * pile up gigabytes off-heap while the Java heap never fills (measured: the 60,000-point train kernel grew the process
 * to 22 GiB by tile 50 of 120 until the OOM killer stopped it). {@link #reclaimIfGrown} requests a collection when the
 * resident set has grown by more than 1 GiB since the last one; the check reads /proc and costs microseconds.
 */
public final class NativeMemory {

    private static final long GROWTH = 1L << 30;
    private static long baseline = Pointer.physicalBytes();

    private NativeMemory() {
    }

    /** Requests a garbage collection if the process grew by more than 1 GiB since the last request. */
    public static synchronized void reclaimIfGrown() {
        long rss = Pointer.physicalBytes();
        if (rss > baseline + GROWTH) {
            System.gc();
            baseline = Pointer.physicalBytes();
        } else if (rss < baseline) {
            baseline = rss;
        }
    }
}
