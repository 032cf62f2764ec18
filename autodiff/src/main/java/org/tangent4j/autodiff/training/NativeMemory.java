package org.tangent4j.autodiff.training;

import org.bytedeco.javacpp.Pointer;

/**
 * ND4J frees an array's native buffer only when its Java wrapper is garbage-collected, and the wrappers are tiny, so
 * the Java heap may never fill while gradients of a wide network (P doubles each, every step) pile up off-heap:
 * measured here, width 4096 grew the process by ~150 MB per step until the OOM killer stopped it. A collection is
 * requested when the resident set has grown by more than a threshold since the last one (measured: memory then stays
 * flat); the check reads /proc and costs microseconds.
 */
final class NativeMemory {

    private static final long GROWTH = 1L << 30;
    private static long baseline = Pointer.physicalBytes();

    private NativeMemory() {
    }

    /** Requests a garbage collection if the process grew by more than 1 GiB since the last request. */
    static synchronized void reclaimIfGrown() {
        long rss = Pointer.physicalBytes();
        if (rss > baseline + GROWTH) {
            System.gc();
            baseline = Pointer.physicalBytes();
        } else if (rss < baseline) {
            baseline = rss;
        }
    }
}
