package org.tangent4j.examples.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the benchmarks measure besides their own work: the machine's float64 matrix-multiply rate (the yardstick of
 * every FLOP rate they print) and the time and peak memory of a run.
 */
final class Machine {

    private Machine() {
    }

    /** A run's result, its time, and the peak memory above the level at its start. */
    record Measured<T>(T value, double seconds, long peakHeap, long peakOffHeap, long peakRss) {
    }

    /** The best of three timed float64 n x n products (after one warm-up), in GFLOP/s: 2 n^3 / time. */
    static double mmulGflops(int n) {
        INDArray a = Nd4j.randn(DataType.DOUBLE, n, n);
        INDArray b = Nd4j.randn(DataType.DOUBLE, n, n);
        a.mmul(b);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long t = System.nanoTime();
            a.mmul(b);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    /**
     * Runs {@code run} while a thread samples every 5 ms the JVM heap in use, ND4J's off-heap bytes as javacpp counts
     * them ({@code Pointer.totalBytes()}) and the process's resident set ({@code Pointer.physicalBytes()}).
     */
    static <T> Measured<T> measure(Supplier<T> run) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap0 = rt.totalMemory() - rt.freeMemory();
        long off0 = Pointer.totalBytes();
        long rss0 = Pointer.physicalBytes();
        AtomicLong heap = new AtomicLong(heap0);
        AtomicLong off = new AtomicLong(off0);
        AtomicLong rss = new AtomicLong(rss0);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                heap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                off.accumulateAndGet(Pointer.totalBytes(), Math::max);
                rss.accumulateAndGet(Pointer.physicalBytes(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t = System.nanoTime();
        T value = run.get();
        double seconds = (System.nanoTime() - t) / 1e9;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Measured<>(value, seconds, heap.get() - heap0, off.get() - off0, rss.get() - rss0);
    }

    /** Bytes as "12.3 MB". */
    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
