package org.tangent4j.spark;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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
import org.tangent4j.core.tiles.TiledMatrix;

/**
 * {@link KernelRegression#run} on a Spark cluster, with the same settings and the same numbers:
 * <pre>
 * K(X, X) tiles     computed by executors (core TiledGram), cached by Spark at MEMORY_AND_DISK
 * lambda            r mean diag K (the diagonal tiles; r given, or chosen on the driver by RidgeSelection)
 * Cholesky          when the settings' solver resolves to it: the tiles are collected into the single-machine store
 *                   and solved by RidgeSolver on the driver (the dense matrix fits the driver's budget by then)
 * CG                block PCG (core ConjugateGradient) with the pivoted-Cholesky / Nystrom preconditioner of RidgeSolver,
 *                   the operator K + lambda I distributed (broadcast, per-partition products, tree reduction), the
 *                   preconditioner's kernel columns computed by the executors
 * f(X*)             K(X*, X) A by the executors, tile by tile, in the single-machine order
 * </pre>
 * In the CG case the driver holds O(N (d + k + r)) numbers (points, targets, CG blocks, the rank-r factor) and never a
 * tile. GP posterior variances are not computed on Spark (the result's variances are null).
 *
 * @param settings the single-machine settings (budget, storage, solver, ridge, seed); {@code tiles} must be null: the
 *     tiles live in Spark's cache
 * @param tile the tile side, or 0 for the single-machine choice {@code budget.tileSide(max(N, N*))}
 * @param partitions tasks for the training tiles (and at most that many for columns and predictions), or 0 for twice
 *     Spark's default parallelism
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
        int parts = partitions > 0 ? partitions : 2 * sc.defaultParallelism();
        Kernel kernel = spec.kernel();
        log.accept(String.format(Locale.ROOT, "kernel: %s; %d train x %d test points, tiles of %d, %s, on Spark %s"
                + " (%d tasks for the training tiles)", kernelName, n, nt, side, settings.storage(), sc.master(), parts));
        Broadcast<SharedPoints> train = sc.broadcast(new SharedPoints(xs));
        Broadcast<SharedPoints> testPts = sc.broadcast(new SharedPoints(ts));
        long t0 = System.nanoTime();
        try (DistributedGram k = DistributedGram.compute(sc, spec, train, settings.storage(), side, parts, fault)) {
            double kernelSeconds = (System.nanoTime() - t0) / 1e9;
            log.accept(String.format(Locale.ROOT, "K(train, train): %d tiles cached by Spark (%s), %.1f s",
                    k.grid().storedTiles(), MemoryBudget.describe(k.tileBytes()), kernelSeconds));

            RidgeSelection selection = null;
            double r = settings.relativeRidge();
            if (Double.isNaN(r)) {
                selection = RidgeSelection.choose(kernel, xs, targets, settings.seed(), settings.selectionSubset(), log);
                r = selection.relativeRidge();
                log.accept(String.format(Locale.ROOT, "ridge: %.3g x mean diag, chosen on a held-out part (score %.4f)",
                        r, selection.score()));
            }
            double lambda = r * k.diagonal().meanNumber().doubleValue();
            RidgeSolution sol = solve(sc, spec, train, xs, k, targets.values(), lambda, side, parts, log);
            log.accept(String.format(Locale.ROOT, "solved by %s in %.1f s: relative residual %.3g%s", sol.method(), sol.seconds(),
                    sol.residual(), sol.method().equals("cg") ? String.format(Locale.ROOT, " (tolerance %.1g, %d iterations,"
                            + " preconditioner rank %d)", sol.tolerance(), sol.iterations(), sol.preconditionerRank()) : ""));

            long t1 = System.nanoTime();
            DistributedPredictions.Result p = DistributedPredictions.predict(sc, spec, testPts, train, settings.storage(), side,
                    sol.coefficients(), parts);
            double testSeconds = (System.nanoTime() - t1) / 1e9;
            log.accept(String.format(Locale.ROOT, "K(test, train) tiles and predictions on the executors: %.1f s", testSeconds));
            log.accept(String.format(Locale.ROOT, "K(train, train): %d tile computations for %d stored tiles (%d recomputed by"
                    + " Spark from the lineage: lost cached partitions or failed tasks)", k.computedTiles(),
                    k.grid().storedTiles(), k.computedTiles() - k.grid().storedTiles()));
            double rounding = Math.max(k.roundingError(), p.roundingError());
            return new KernelRegression.Result(p.predictions(), null, sol, r, selection, rounding, kernelSeconds, testSeconds,
                    0, side);
        } finally {
            train.destroy();
            testPts.destroy();
        }
    }

    /** The solve of {@link RidgeSolver#solve}: its Cholesky on the collected tiles, or its PCG on the distributed operator. */
    private RidgeSolution solve(JavaSparkContext sc, KernelSpec spec, Broadcast<SharedPoints> train, INDArray xs,
                                DistributedGram k, INDArray y, double ridge, int side, int parts, Consumer<String> log) {
        RidgeSolver solver = settings.solver();
        int n = (int) xs.rows();
        if (solver.resolve(n) == SolverChoice.CHOLESKY) {
            MemoryBudget budget = settings.budget();
            if (!budget.fits(RidgeSolver.choleskyBytes(n))) {
                throw new IllegalArgumentException("solver = cholesky needs " + MemoryBudget.describe((long) RidgeSolver.choleskyBytes(n))
                        + " for N = " + n + " on the driver, more than " + budget.name() + " = " + budget.describe()
                        + ": expected the CG solver or a larger budget");
            }
            log.accept("solver: the tiles are collected on the driver (the dense matrix fits " + settings.budget().name() + ")");
            return solver.solve(new TiledMatrix(k.collect()), ColumnSource.of(spec.kernel(), xs), y, ridge, log);
        }
        return solver.solveIteratively(k.asOperator(), new DistributedColumns(sc, spec, train, xs, side, parts), y, ridge, log);
    }
}
