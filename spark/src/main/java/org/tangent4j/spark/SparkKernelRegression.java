package org.tangent4j.spark;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.regression.KernelRegression;
import org.tangent4j.core.regression.RidgeSelection;
import org.tangent4j.core.regression.RidgeSolution;
import org.tangent4j.core.regression.RidgeSolver;
import org.tangent4j.core.regression.SolverChoice;
import org.tangent4j.core.regression.Targets;
import org.tangent4j.core.solvers.ColumnSource;
import org.tangent4j.core.tiles.MemoryBudget;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.core.tiles.TileGrid;
import org.tangent4j.core.tiles.TiledMatrix;

/**
 * {@link KernelRegression#run} on a Spark cluster, with the same settings and the same numbers. When the settings'
 * solver resolves to Cholesky (the dense matrix fits the driver's budget):
 * <pre>
 * K(X, X) tiles     computed by Spark tasks (core TiledGram), each task's tiles written into the driver's store as its
 *                   result arrives (not cached by Spark)
 * lambda, solve     r mean diag K and RidgeSolver's Cholesky on the driver, as on one machine
 * f(X*)             K(X*, X) A by the executors, tile by tile, in the single-machine order; or, with GP posterior
 *                   variances (KernelRegression's rule: N x N* doubles fit a quarter of the budget), K(X*, X)
 *                   collected the same way and f(X*) and var(X*) computed on the driver as on one machine
 * </pre>
 * Otherwise (CG):
 * <pre>
 * K(X, X) tiles     computed by Spark tasks, cached by Spark at MEMORY_AND_DISK
 * lambda            r mean diag K (the N diagonal entries of the diagonal tiles)
 * CG                block PCG (core ConjugateGradient) with the pivoted-Cholesky / Nystrom preconditioner of RidgeSolver,
 *                   the operator K + lambda I distributed (broadcast, per-partition products on the tiles' native
 *                   copies, the partials summed on the driver or by a tree reduction), the preconditioner's kernel
 *                   columns read from the cached tiles (float64; with float32 tiles computed again by the executors)
 * f(X*)             K(X*, X) A by the executors, tile by tile, in the single-machine order; no variances (as on one
 *                   machine)
 * </pre>
 * r is given, or chosen on the driver by RidgeSelection. In the CG case the driver holds O(N (d + k + r)) numbers
 * (points, targets, CG blocks, the rank-r factor) and never a tile.
 *
 * @param settings the single-machine settings (budget, storage, solver, ridge, seed); {@code tiles} must be null: the
 *     tiles live in Spark's cache
 * @param tile the tile side, or 0 for the single-machine choice {@code budget.tileSide(max(N, N*))}
 * @param partitions tasks for the training tiles (and at most that many for columns and predictions), or 0 for
 *     {@link #defaultPartitions}
 * @param fault a test hook failing tile tasks, product tasks or executors once, or null
 */
public record SparkKernelRegression(KernelRegression settings, int tile, int partitions, FaultInjection fault) {

    public SparkKernelRegression {
        Objects.requireNonNull(settings, "settings");
        if (settings.tiles() != null) {
            throw new IllegalArgumentException("--tiles " + settings.tiles() + " with --spark: the tiles live in Spark's cache"
                    + " (memory and disk of the executors); expected no tile directory");
        }
        Checks.nonNegative("tile", tile);
        Checks.nonNegative("partitions", partitions);
    }

    /** With the single-machine tile side and the default number of partitions. */
    public SparkKernelRegression(KernelRegression settings) {
        this(settings, 0, 0, null);
    }

    /**
     * Fits on (x, targets) and predicts on {@code test}, on {@code sc}.
     *
     * @param spec the kernel, as its description
     * @param kernelName the kernel with its settings, for the log
     */
    public KernelRegression.Result run(JavaSparkContext sc, KernelSpec spec, String kernelName, INDArray x, Targets targets,
                                       INDArray test, Consumer<String> log) {
        INDArray xs = Checks.finiteMatrix("train-x", x).castTo(DataType.DOUBLE);
        INDArray ts = Checks.finiteMatrix("test-x", test).castTo(DataType.DOUBLE);
        if (ts.columns() != xs.columns()) {
            throw new IllegalArgumentException("test-x has " + ts.columns() + " features: expected " + xs.columns()
                    + " like train-x");
        }
        Checks.rows("train-y", targets.values(), xs.rows(), "one target row per row of train-x");
        MemoryBudget budget = settings.budget();
        int n = (int) xs.rows();
        int nt = (int) ts.rows();
        int side = tile > 0 ? Math.min(tile, Math.max(n, nt)) : budget.tileSide(Math.max(n, nt));
        int parts = partitions > 0 ? partitions : defaultPartitions(sc);
        boolean cholesky = settings.solver().resolve(n) == SolverChoice.CHOLESKY;
        // the single machine's rule (KernelRegression): variances with the Cholesky solver when N x N* doubles fit a
        // quarter of the budget
        boolean withVariances = cholesky && budget.fits(4.0 * 8 * n * nt);
        // Cholesky: one task per tile unless set, so that each tile reaches the driver as soon as it is computed
        int trainTasks = cholesky && partitions == 0 ? new TileGrid(n, n, side, true).storedTiles() : parts;
        log.accept(String.format(Locale.ROOT, "kernel: %s; %d train x %d test points, tiles of %d, %s, on Spark %s"
                + " (%d tasks for the training tiles)", kernelName, n, nt, side, settings.storage(), sc.master(), trainTasks));
        SharedMatrix train = SharedMatrix.of(sc, xs);
        SharedMatrix testPts = SharedMatrix.of(sc, ts);
        try {
            return cholesky ? onDriver(sc, spec, train, testPts, xs, ts, targets, side, trainTasks, parts, withVariances, log)
                    : distributed(sc, spec, train, testPts, xs, targets, side, parts, log);
        } finally {
            train.destroy();
            testPts.destroy();
        }
    }

    /**
     * The Cholesky-sized job: the tile tasks write K(X, X) into the driver's store as they finish (the dense matrix
     * fits the driver's budget), {@link RidgeSolver#solve} factorises it there; the predictions are the executors' (or,
     * with variances, K(X*, X) is collected the same way and the driver computes both as on one machine).
     */
    private KernelRegression.Result onDriver(JavaSparkContext sc, KernelSpec spec, SharedMatrix train,
                                             SharedMatrix testPts, INDArray xs, INDArray ts, Targets targets, int side,
                                             int trainTasks, int parts, boolean withVariances, Consumer<String> log) {
        MemoryBudget budget = settings.budget();
        int n = (int) xs.rows();
        int nt = (int) ts.rows();
        if (!budget.fits(RidgeSolver.choleskyBytes(n))) {
            throw new IllegalArgumentException("solver = cholesky needs " + MemoryBudget.describe((long) RidgeSolver.choleskyBytes(n))
                    + " for N = " + n + " on the driver, more than " + budget.name() + " = " + budget.describe()
                    + ": expected the CG solver or a larger budget");
        }
        TileGrid grid = new TileGrid(n, n, side, true);
        double bytes = (grid.storedEntries() + (withVariances ? (double) n * nt : 0)) * settings.storage().bytes();
        if (!budget.fits(bytes)) {
            throw new IllegalArgumentException("tiles on the driver (Cholesky solver) need " + MemoryBudget.describe((long) bytes)
                    + ", more than " + budget.name() + " = " + budget.describe()
                    + ": expected float32 storage, the CG solver or a larger budget");
        }
        Kernel kernel = spec.kernel();
        long t0 = System.nanoTime();
        TileTasks.Collected kc = TileTasks.toDriver(sc, spec, train, null, settings.storage(), grid, trainTasks, fault);
        double kernelSeconds = (System.nanoTime() - t0) / 1e9;
        log.accept(String.format(Locale.ROOT, "K(train, train): %d tiles computed by Spark tasks, written into the driver's"
                + " store as they arrived%s (the Cholesky solver factorises it there), %.1f s", grid.storedTiles(),
                handedOver(kc), kernelSeconds));
        TiledMatrix k = new TiledMatrix(kc.store());
        RidgeSelection selection = selection(kernel, xs, targets, log);
        double r = selection == null ? settings.relativeRidge() : selection.relativeRidge();
        double lambda = r * k.diagonal().meanNumber().doubleValue();
        RidgeSolution sol = settings.solver().solve(k, ColumnSource.of(kernel, xs), targets.values(), lambda, log);
        logSolution(sol, log);
        // as on one machine (KernelRegression): K(train, train) is needed neither for the predictions nor for the
        // variances (the factor is), so its tiles are freed before the test phase allocates, not at a collection
        kc.store().release();
        long t1 = System.nanoTime();
        if (!withVariances) {
            DistributedPredictions.Result p = DistributedPredictions.predict(sc, spec, testPts, train, settings.storage(), side,
                    sol.coefficients(), parts);
            double testSeconds = (System.nanoTime() - t1) / 1e9;
            log.accept(String.format(Locale.ROOT, "K(test, train) tiles and predictions on the executors: %.1f s", testSeconds));
            return new KernelRegression.Result(p.predictions(), null, sol, r, selection, Math.max(kc.roundingError(),
                    p.roundingError()), kernelSeconds, testSeconds, 0, side);
        }
        TileGrid crossGrid = new TileGrid(nt, n, side, false);
        TileTasks.Collected cc = TileTasks.toDriver(sc, spec, testPts, train, settings.storage(), crossGrid,
                partitions > 0 ? partitions : crossGrid.storedTiles(), null);
        double testSeconds = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        TiledMatrix cross = new TiledMatrix(cc.store());
        INDArray pred = cross.multiply(sol.coefficients());
        INDArray variances = KernelRegression.posteriorVariances(kernel, ts, cross, sol.factorization());
        double predictSeconds = (System.nanoTime() - t2) / 1e9;
        log.accept(String.format(Locale.ROOT, "K(test, train): tiles computed by Spark tasks into the driver's store%s, %.1f s;"
                + " predictions and GP posterior variances on the driver, %.1f s", handedOver(cc), testSeconds, predictSeconds));
        return new KernelRegression.Result(pred, variances, sol, r, selection, Math.max(kc.roundingError(), cc.roundingError()),
                kernelSeconds, testSeconds, predictSeconds, side);
    }

    /**
     * The CG-sized job: the tiles cached by Spark, the PCG of {@link RidgeSolver#solveIteratively} on the distributed
     * operator, the preconditioner's columns and the predictions computed by the executors; no variances (as on one
     * machine, where they come with the Cholesky solver only).
     */
    private KernelRegression.Result distributed(JavaSparkContext sc, KernelSpec spec, SharedMatrix train,
                                                SharedMatrix testPts, INDArray xs, Targets targets, int side, int parts,
                                                Consumer<String> log) {
        long t0 = System.nanoTime();
        try (DistributedGram k = DistributedGram.compute(sc, spec, train, settings.storage(), side, parts, fault,
                nativeTileBudget(sc, settings.budget()))) {
            double kernelSeconds = (System.nanoTime() - t0) / 1e9;
            log.accept(String.format(Locale.ROOT, "K(train, train): %d tiles cached by Spark (%s), %.1f s",
                    k.grid().storedTiles(), MemoryBudget.describe(k.tileBytes()), kernelSeconds));
            RidgeSelection selection = selection(spec.kernel(), xs, targets, log);
            double r = selection == null ? settings.relativeRidge() : selection.relativeRidge();
            double lambda = r * k.diagonal().meanNumber().doubleValue();
            // the preconditioner's columns: read from the cached float64 tiles; computed again by the executors when the
            // tiles are rounded to float32 (as the single machine computes them in float64)
            ColumnSource columns = settings.storage() == Storage.FLOAT64 ? k.columnSource(spec.kernel(), xs)
                    : new DistributedColumns(sc, spec, train, xs, side, parts);
            RidgeSolution sol = settings.solver().solveIteratively(k.asOperator(), columns, targets.values(), lambda, log);
            logSolution(sol, log);
            long t1 = System.nanoTime();
            DistributedPredictions.Result p = DistributedPredictions.predict(sc, spec, testPts, train, settings.storage(), side,
                    sol.coefficients(), parts);
            double testSeconds = (System.nanoTime() - t1) / 1e9;
            log.accept(String.format(Locale.ROOT, "K(test, train) tiles and predictions on the executors: %.1f s", testSeconds));
            log.accept(String.format(Locale.ROOT, "K(train, train): %d tile computations for %d stored tiles (%d recomputed by"
                    + " Spark from the lineage: lost cached partitions or failed tasks)", k.computedTiles(),
                    k.grid().storedTiles(), k.computedTiles() - k.grid().storedTiles()));
            return new KernelRegression.Result(p.predictions(), null, sol, r, selection,
                    Math.max(k.roundingError(), p.roundingError()), kernelSeconds, testSeconds, 0, side);
        }
    }

    /**
     * The default number of tile tasks: in local mode Spark's default parallelism (one per core: the slots are alike,
     * and runs of equal work keep them equally busy, with half the tasks per product of two per core); on a cluster
     * twice that (executors differ and fail, and smaller partitions are recomputed sooner).
     */
    static int defaultPartitions(JavaSparkContext sc) {
        return sc.isLocal() ? sc.defaultParallelism() : 2 * sc.defaultParallelism();
    }

    /**
     * Bytes of native tile copies each JVM running tasks may keep ({@link NativeTiles}): {@link SparkRegress#NATIVE_TILES}
     * when set; else, in local mode (the tasks run in the driver's process), the driver's budget {@code --memory}, within
     * which the single machine keeps its tiles; else (a cluster, whose executors' native memory Spark does not manage) 0.
     */
    static long nativeTileBudget(JavaSparkContext sc, MemoryBudget budget) {
        if (sc.getConf().contains(SparkRegress.NATIVE_TILES)) {
            long b = sc.getConf().getSizeAsBytes(SparkRegress.NATIVE_TILES);
            if (b < 0) {
                throw new IllegalArgumentException(SparkRegress.NATIVE_TILES + " = " + b + ": expected a size of at least 0");
            }
            return b;
        }
        return sc.isLocal() ? budget.bytes() : 0;
    }

    /** How the tiles reached the driver, for the log: "" when as task results. */
    private static String handedOver(TileTasks.Collected c) {
        return c.handedOver() == 0 ? "" : String.format(Locale.ROOT, " (%d handed over within the process: local mode)",
                c.handedOver());
    }

    /** The ridge chosen on a held-out part when none was given (on the driver, as on one machine), else null. */
    private RidgeSelection selection(Kernel kernel, INDArray xs, Targets targets, Consumer<String> log) {
        if (!Double.isNaN(settings.relativeRidge())) {
            return null;
        }
        RidgeSelection selection = RidgeSelection.choose(kernel, xs, targets, settings.seed(), settings.selectionSubset(), log);
        log.accept(String.format(Locale.ROOT, "ridge: %.3g x mean diag, chosen on a held-out part (score %.4f)",
                selection.relativeRidge(), selection.score()));
        return selection;
    }

    private static void logSolution(RidgeSolution sol, Consumer<String> log) {
        log.accept(String.format(Locale.ROOT, "solved by %s in %.1f s: relative residual %.3g%s", sol.method(), sol.seconds(),
                sol.residual(), sol.method().equals("cg") ? String.format(Locale.ROOT, " (tolerance %.1g, %d iterations,"
                        + " preconditioner rank %d)", sol.tolerance(), sol.iterations(), sol.preconditionerRank()) : ""));
    }
}
