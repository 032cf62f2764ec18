package org.tangent4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.regression.Evaluation;
import org.tangent4j.core.regression.KernelRegression;
import org.tangent4j.core.regression.RidgeSolver;
import org.tangent4j.core.regression.SolverChoice;
import org.tangent4j.core.tiles.MemoryBudget;
import org.tangent4j.core.tiles.Storage;

/**
 * Kernel regression through Spark (local[2, 2]: two task slots, a task may be attempted twice) against the
 * single-machine {@link KernelRegression} on a Fashion-MNIST subset: the same predictions to 1e-10 relative for the
 * NNGP and the NTK, with the Cholesky solver (tiles collected, bit for bit the same numbers) and with preconditioned
 * CG (distributed products: the same numbers up to the summation order), and after a tile task failed once.
 */
class SparkKernelRegressionTest {

    static final int N = 600;
    static final int TEST = 200;
    /** 4 MiB: tiles of 181 (4 x 4 row blocks: 10 stored tiles), and Cholesky's 8 N^2 = 2.9 MB fit. */
    static final MemoryBudget BUDGET = MemoryBudget.parse("--memory", "4m");
    static final DenseStack STACK = DenseStack.fullyConnected(2, Activations.relu(), 1.5, 0.1);

    static JavaSparkContext sc;
    static FashionSubset data;
    static final AtomicInteger failedTasks = new AtomicInteger();

    @BeforeAll
    static void start() {
        data = FashionSubset.load(N, TEST);
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("SparkKernelRegressionTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().failed()) {
                    failedTasks.incrementAndGet();
                }
            }
        });
    }

    /**
     * What the tasks read of a shared matrix, in both forms (the driver's array in local mode, a broadcast on a
     * cluster), against the driver's values bit for bit: a column-major view is shared as its row-major copy, the
     * handle crosses Java serialization as a task closure does, one array shared twice gives two, a destroyed
     * in-process matrix and a vector are refused.
     */
    @Test
    void sharedMatricesGiveTheTasksTheDriversValues() {
        INDArray m = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 9, 5).subi(0.5)
                .dup('f').get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 8), org.nd4j.linalg.indexing.NDArrayIndex.all());
        double[][] expected = m.toDoubleMatrix();
        SharedMatrix local = SharedMatrix.of(sc, m);
        SharedMatrix broadcast = SharedMatrix.broadcast(sc, m);
        assertThat(local.inProcess()).isTrue();
        assertThat(broadcast.inProcess()).isFalse();
        for (SharedMatrix s : List.of(local, broadcast)) {
            assertThat(s.rows()).isEqualTo(7);
            assertThat(s.cols()).isEqualTo(5);
            List<double[][]> read = sc.parallelize(List.of(0, 1, 2), 3).map(i -> s.array().toDoubleMatrix()).collect();
            assertThat(read).hasSize(3).allSatisfy(r -> assertThat(r).isDeepEqualTo(expected));
            assertThat(s.array().ordering()).isEqualTo('c');
        }
        // the same row-major array shared twice (training and test points alike) gives two arrays, as two broadcasts
        // would: the kernels take their symmetric path for x2 == x1
        INDArray own = m.dup('c');
        SharedMatrix first = SharedMatrix.of(sc, own);
        SharedMatrix second = SharedMatrix.of(sc, own);
        assertThat(first.array()).isSameAs(own);
        assertThat(second.array()).isNotSameAs(own);
        assertThat(second.array().toDoubleMatrix()).isDeepEqualTo(expected);
        first.destroy();
        second.destroy();
        local.destroy();
        broadcast.destroy();
        assertThatThrownBy(local::array).isInstanceOf(IllegalStateException.class).hasMessageContaining("is not in this JVM");
        for (java.util.function.Function<INDArray, SharedMatrix> share : List.<java.util.function.Function<INDArray, SharedMatrix>>of(
                v -> SharedMatrix.of(sc, v), v -> SharedMatrix.broadcast(sc, v))) {
            assertThatThrownBy(() -> share.apply(org.nd4j.linalg.factory.Nd4j.zeros(3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a matrix");
        }
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    /**
     * CG's tolerance: both routes must solve to better than the 1e-10 they are compared at; they differ in the order of
     * the sums in K V (a tree over partitions against one loop over tiles), so at the default 1e-8 each stops with an
     * error of ~1e-9 of its own (measured 4.5e-9 relative between the routes for the NTK).
     */
    static final double CG_TOLERANCE = 1e-12;

    static KernelRegression settings(SolverChoice choice) {
        RidgeSolver solver = new RidgeSolver(choice, BUDGET, CG_TOLERANCE, 5000, -1);
        return new KernelRegression(BUDGET, Storage.FLOAT64, null, solver, 1e-2, 0);
    }

    /** max |a - b| / max |b|. */
    static double relative(INDArray a, INDArray b) {
        return Transforms.abs(a.sub(b)).maxNumber().doubleValue() / Transforms.abs(b).maxNumber().doubleValue();
    }

    record Pair(KernelRegression.Result single, KernelRegression.Result spark) {
    }

    static Pair both(KernelSpec spec, SolverChoice choice, FaultInjection fault) {
        Kernel k = spec.kernel();
        List<String> log = new ArrayList<>();
        KernelRegression.Result single = settings(choice).run(k, "k", data.x(), data.y(), data.test(), log::add);
        KernelRegression.Result spark = new SparkKernelRegression(settings(choice), 0, 0, fault)
                .run(sc, spec, "k", data.x(), data.y(), data.test(), log::add);
        assertThat(spark.solution().method()).isEqualTo(single.solution().method());
        assertThat(spark.tile()).isEqualTo(single.tile()).isLessThan(N);
        System.out.printf("%s %s: %d iterations (single machine %d), relative difference %.3g%n", spec.family(), choice,
                spark.solution().iterations(), single.solution().iterations(), relative(spark.predictions(), single.predictions()));
        return new Pair(single, spark);
    }

    @Test
    void nngpWithCholeskyGivesTheSameNumbers() {
        Pair p = both(KernelSpec.nngp(STACK), SolverChoice.CHOLESKY, null);
        assertThat(p.spark().solution().method()).isEqualTo("cholesky");
        // the same tiles in the same store and the same products in the same order: identical numbers
        assertThat(relative(p.spark().predictions(), p.single().predictions())).isEqualTo(0.0);
        assertThat(relative(p.spark().solution().coefficients(), p.single().solution().coefficients())).isEqualTo(0.0);
        // GP posterior variances (N x N* = 600 x 200 doubles fit a quarter of the budget): the same cross tiles, the
        // same factor, the same formula on the driver: the same numbers
        assertThat(p.single().variances()).isNotNull();
        assertThat(p.spark().variances().toDoubleVector()).isEqualTo(p.single().variances().toDoubleVector());
        assertThat(p.spark().variances().minNumber().doubleValue()).isPositive();
        // and a sensible classifier (ten classes: chance is 0.1)
        assertThat(Evaluation.classify(p.spark().predictions(), data.testLabels(), 10).accuracy()).isGreaterThan(0.6);
    }

    @Test
    void ntkWithCholeskyGivesTheSameNumbers() {
        Pair p = both(KernelSpec.ntk(STACK), SolverChoice.CHOLESKY, null);
        assertThat(relative(p.spark().predictions(), p.single().predictions())).isEqualTo(0.0);
    }

    @Test
    void nngpWithDistributedCgMatchesToTenDigits() {
        long made = NativeTiles.made();
        long bytes = NativeTiles.bytes();
        Pair p = both(KernelSpec.nngp(STACK), SolverChoice.CG, null);
        // local mode: the tile tasks kept every tile's native array as its copy (10 tiles within the 4 MiB budget,
        // 1.8 MB), the products multiplied them in place, and closing the matrix freed them
        assertThat(NativeTiles.made() - made).isEqualTo(10);
        assertThat(NativeTiles.bytes()).isEqualTo(bytes);
        assertThat(p.spark().solution().method()).isEqualTo("cg");
        assertThat(p.spark().solution().preconditionerRank()).isEqualTo(p.single().solution().preconditionerRank()).isPositive();
        assertThat(p.spark().solution().residual()).isLessThanOrEqualTo(1e-8);
        // no variances with CG, on one machine as on Spark
        assertThat(p.single().variances()).isNull();
        assertThat(p.spark().variances()).isNull();
        assertThat(relative(p.spark().predictions(), p.single().predictions())).isLessThan(1e-10);
    }

    @Test
    void ntkWithDistributedCgMatchesToTenDigits() {
        Pair p = both(KernelSpec.ntk(STACK), SolverChoice.CG, null);
        assertThat(p.spark().solution().iterations()).isBetween(p.single().solution().iterations() - 1,
                p.single().solution().iterations() + 1);
        assertThat(relative(p.spark().predictions(), p.single().predictions())).isLessThan(1e-10);
    }

    /**
     * The preconditioner's columns read from the cached tiles, against the single machine's column source (the kernel
     * computed again for the chosen points): the same numbers to the last bits of the dot products (BLAS rounds a
     * 181-wide tile's products and the columns' [600, 9] product apart by 1 ulp on some entries), the pivots' own
     * entries included (a diagonal tile's k(x, x) is 2.2e-8 relative off for this NTK, measured). The chosen indices fall in every row
     * block, at block edges, twice in one block and in the last, narrower block.
     */
    @Test
    void columnsReadFromTheCachedTilesAreTheSingleMachinesColumns() {
        INDArray xs = data.x().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        SharedMatrix x = SharedMatrix.of(sc, xs);
        int[] idx = {0, 5, 180, 181, 362, 542, 599, 17, 543};
        for (KernelSpec spec : List.of(KernelSpec.nngp(STACK), KernelSpec.ntk(STACK))) {
            try (DistributedGram g = DistributedGram.compute(sc, spec, x, Storage.FLOAT64, 181, 3, null, 0)) {
                INDArray read = g.columnSource(spec.kernel(), xs).columns(idx);
                INDArray computed = org.tangent4j.core.solvers.ColumnSource.of(spec.kernel(), xs).columns(idx);
                double[][] r = read.toDoubleMatrix();
                double[][] c = computed.toDoubleMatrix();
                double worst = 0;
                for (int i = 0; i < r.length; i++) {
                    for (int j = 0; j < idx.length; j++) {
                        worst = Math.max(worst, Math.abs(r[i][j] - c[i][j]) / Math.abs(c[i][j]));
                    }
                }
                System.out.printf("%s columns from the tiles: largest relative difference %.3g%n", spec.family(), worst);
                assertThat(worst).as("%s", spec.family()).isLessThan(1e-14);
                assertThat(g.columnSource(spec.kernel(), xs).diagonal().toDoubleVector())
                        .isEqualTo(org.tangent4j.core.solvers.ColumnSource.of(spec.kernel(), xs).diagonal().toDoubleVector());
            }
        }
        x.destroy();
    }

    @Test
    void aTileTaskThatFailsOnceIsRetriedAndThePredictionsAreUnchanged() {
        int before = failedTasks.get();
        Pair p = both(KernelSpec.ntk(STACK), SolverChoice.CHOLESKY, FaultInjection.of(new FaultInjection.Fault(FaultInjection.Kind.TILE_TASK_FAILS, 1, 2)));
        // the listener sees the failed attempt a moment after the job ends
        for (int i = 0; i < 100 && failedTasks.get() == before; i++) {
            sleep();
        }
        assertThat(failedTasks.get() - before).isEqualTo(1);
        assertThat(relative(p.spark().predictions(), p.single().predictions())).isEqualTo(0.0);
    }

    static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
