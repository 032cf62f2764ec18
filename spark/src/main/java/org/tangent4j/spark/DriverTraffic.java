package org.tangent4j.spark;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.tangent4j.core.tiles.MemoryBudget;

/**
 * What the executors sent to the driver: a listener summing the serialized task results (Spark's
 * {@code TaskMetrics.resultSize}) per stage. The largest per-stage sum is what one action brought to the driver at
 * once; for the distributed CG it is O(N k) (a few partial products), never a tile set of size O(N^2).
 */
final class DriverTraffic extends SparkListener {

    private final Map<Integer, Long> perStage = new ConcurrentHashMap<>();
    private final AtomicInteger lastJobEnded = new AtomicInteger(-1);

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        lastJobEnded.accumulateAndGet(end.jobId(), Math::max);
    }

    /** Waits (at most 10 s) until the listener has seen the end of the last job the context ran (events are asynchronous). */
    void awaitLastJob(JavaSparkContext sc) {
        int last = Arrays.stream(sc.statusTracker().getJobIdsForGroup(null)).max().orElse(-1);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (lastJobEnded.get() < last && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
            perStage.merge(end.stageId(), end.taskMetrics().resultSize(), Long::sum);
        }
    }

    /** The largest sum of task result bytes of one stage. */
    long largestStage() {
        return perStage.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The sum over all stages. */
    long total() {
        return perStage.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line comparing the traffic with N k and N^2 doubles. */
    String describe(long n, long k) {
        return String.format(Locale.ROOT, "driver received at most %s in one stage (%s in all); for comparison 8 N k = %s,"
                + " the stored tiles 8 N (N + 1) / 2 = %s", MemoryBudget.describe(largestStage()), MemoryBudget.describe(total()),
                MemoryBudget.describe(8 * n * k), MemoryBudget.describe(4 * n * (n + 1)));
    }
}
