package org.tangent4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tangent4j.core.regression.KernelRegression;
import org.tangent4j.core.regression.SolverChoice;
import org.tangent4j.spark.FaultInjection.Fault;
import org.tangent4j.spark.FaultInjection.Kind;

/**
 * An executor lost in the middle of the distributed CG solve, on a real (if small) cluster: Spark's
 * {@code local-cluster[2, 1, 1536]} mode runs a standalone master and two workers in this JVM, each worker launching an
 * executor JVM of its own (the test class path as the executors' class path; the Spark home is an empty folder under
 * target, see the Surefire settings in the pom). In the third product K V the executor running partition 0 ends its
 * JVM (its cached tiles are gone with it) and in the sixth the task of partition 1 throws once; Spark recomputes the
 * lost tiles from the lineage and retries the tasks. The predictions equal those of the uninterrupted run on the same
 * cluster and those of the single machine to 1e-10 relative: the products after the recomputation use the same tile
 * values (the same tasks on the same broadcast points), but the driver adds the partitions' partial products in the
 * order their tasks finish, which Spark does not fix, so two runs differ by rounding (about 1e-14 relative here)
 * amplified at most by CG's sensitivity at the 1e-12 tolerance.
 */
class ExecutorLossTest {

    /**
     * Training points: with the 4 MiB budget tiles of 181, 3 x 3 row blocks, 6 stored tiles in 4 partitions of about
     * equal work (1, 1, 1, 3 tiles: (0, 0); (0, 1); (0, 2); (1, 1), (1, 2), (2, 2)).
     */
    static final int N = 400;
    static final int TEST = 100;

    static JavaSparkContext sc;
    static FashionSubset data;
    static final AtomicInteger lostTasks = new AtomicInteger();
    static final AtomicInteger thrownTasks = new AtomicInteger();
    static final AtomicInteger removedExecutors = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        String home = System.getenv("SPARK_HOME");
        assumeTrue(home != null, "SPARK_HOME (set by the spark module's Surefire settings) is needed by local-cluster mode");
        Files.createDirectories(Path.of(home, "jars"));
        data = FashionSubset.load(N, TEST);
        sc = new JavaSparkContext(new SparkConf().setMaster("local-cluster[2,1,1536]").setAppName("ExecutorLossTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executorEnv.OPENBLAS_CORETYPE", "Haswell")
                // native tile copies of 300 KB per executor: one 181 x 181 tile (262 KB) and the small ones get a copy,
                // the others go through the task thread's buffer; after the executor loss the recomputed tiles (new
                // objects on the replacement executor) get copies of their own
                .set(SparkRegress.NATIVE_TILES, "300k"));
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof ExecutorLostFailure) {
                    lostTasks.incrementAndGet();
                } else if (end.reason() instanceof ExceptionFailure e && e.description().contains("injected failure")) {
                    thrownTasks.incrementAndGet();
                }
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
                removedExecutors.incrementAndGet();
            }
        });
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    /** The tiles Spark recomputed, from the log line of {@link SparkKernelRegression}. */
    private static long recomputed(List<String> log) {
        Pattern p = Pattern.compile("\\((\\d+) recomputed by Spark");
        for (String line : log) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("no line on recomputed tiles in " + log);
    }

    /**
     * The Cholesky-sized job on the cluster: the executors are other JVMs, so the tiles reach the driver's store as
     * serialized task results (in local mode they are handed over within the process). The tiles arrive as the
     * executors computed them; the executors' kernel rounds a few entries 1 ulp apart from the test JVM's (measured:
     * 7.3e-16 relative at most), which the Cholesky solve amplifies to 2.8e-13 in the predictions: the same numbers as
     * on one machine to 1e-10 (in local mode, where the tasks run in the driver's JVM, bit for bit).
     */
    @Test
    void tilesCollectedAsTaskResultsGiveTheSingleMachinesPredictions() {
        KernelSpec spec = KernelSpec.nngp(SparkKernelRegressionTest.STACK);
        KernelRegression settings = SparkKernelRegressionTest.settings(SolverChoice.CHOLESKY);
        List<String> log = new ArrayList<>();
        KernelRegression.Result single = settings.run(spec.kernel(), "k", data.x(), data.y(), data.test(), log::add);
        KernelRegression.Result cluster = new SparkKernelRegression(settings, 0, 0, null)
                .run(sc, spec, "k", data.x(), data.y(), data.test(), log::add);
        assertThat(cluster.solution().method()).isEqualTo("cholesky");
        assertThat(log).noneMatch(line -> line.contains("handed over"));
        // the tiles themselves, collected from the executors, against the single machine's
        org.nd4j.linalg.api.ndarray.INDArray xs = data.x().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        SharedMatrix x = SharedMatrix.of(sc, xs);
        org.tangent4j.core.tiles.TileGrid grid = new org.tangent4j.core.tiles.TileGrid(N, N, cluster.tile(), true);
        TileTasks.Collected c = TileTasks.toDriver(sc, spec, x, null, org.tangent4j.core.tiles.Storage.FLOAT64, grid, 6, null);
        org.tangent4j.core.tiles.MemoryTileStore own = new org.tangent4j.core.tiles.MemoryTileStore(grid,
                org.tangent4j.core.tiles.Storage.FLOAT64);
        org.tangent4j.core.tiles.TiledGram.compute(spec.kernel(), xs, null, own, p -> { });
        double worst = 0;
        for (int[] t : grid.storedKeys()) {
            double[] a = c.store().read(t[0], t[1]).data().asDouble();
            double[] b = own.read(t[0], t[1]).data().asDouble();
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
            }
        }
        x.destroy();
        double predictions = SparkKernelRegressionTest.relative(cluster.predictions(), single.predictions());
        System.out.printf("Cholesky on the cluster: tiles %.3g, predictions %.3g relative to the single machine%n", worst,
                predictions);
        assertThat(worst).isLessThan(1e-14);
        assertThat(predictions).isLessThan(1e-10);
    }

    @Test
    void anExecutorLostMidSolveAndAFailedProductTaskLeaveThePredictionsUnchanged() {
        KernelSpec spec = KernelSpec.nngp(SparkKernelRegressionTest.STACK);
        KernelRegression settings = SparkKernelRegressionTest.settings(SolverChoice.CG);
        List<String> quiet = new ArrayList<>();
        KernelRegression.Result single = settings.run(spec.kernel(), "k", data.x(), data.y(), data.test(), quiet::add);
        KernelRegression.Result uninterrupted = new SparkKernelRegression(settings, 0, 4, null)
                .run(sc, spec, "k", data.x(), data.y(), data.test(), quiet::add);
        assertThat(recomputed(quiet)).isZero();

        List<String> log = new ArrayList<>();
        FaultInjection faults = FaultInjection.of(new Fault(Kind.EXECUTOR_EXITS, 3, 0), new Fault(Kind.PRODUCT_TASK_FAILS, 6, 1));
        KernelRegression.Result interrupted = new SparkKernelRegression(settings, 0, 4, faults)
                .run(sc, spec, "k", data.x(), data.y(), data.test(), log::add);
        // the listener sees the events a moment after the job ends
        for (int i = 0; i < 200 && (lostTasks.get() == 0 || thrownTasks.get() == 0 || removedExecutors.get() == 0); i++) {
            SparkKernelRegressionTest.sleep();
        }
        assertThat(removedExecutors.get()).as("executors removed").isGreaterThanOrEqualTo(1);
        assertThat(lostTasks.get()).as("tasks failed with their executor").isGreaterThanOrEqualTo(1);
        assertThat(thrownTasks.get()).as("product tasks that threw").isEqualTo(1);
        // partition 0 holds tile (0, 0): at least that one was computed again
        assertThat(recomputed(log)).isGreaterThanOrEqualTo(1);
        assertThat(interrupted.solution().iterations()).isBetween(uninterrupted.solution().iterations() - 1,
                uninterrupted.solution().iterations() + 1);
        double vsUninterrupted = SparkKernelRegressionTest.relative(interrupted.predictions(), uninterrupted.predictions());
        double vsSingle = SparkKernelRegressionTest.relative(interrupted.predictions(), single.predictions());
        System.out.printf("executor lost: %d tiles recomputed, %d iterations (uninterrupted %d); relative difference %.3g"
                + " to the uninterrupted run, %.3g to the single machine%n", recomputed(log),
                interrupted.solution().iterations(), uninterrupted.solution().iterations(), vsUninterrupted, vsSingle);
        assertThat(vsUninterrupted).isLessThan(1e-10);
        assertThat(vsSingle).isLessThan(1e-10);
    }
}
