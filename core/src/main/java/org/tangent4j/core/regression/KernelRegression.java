package org.tangent4j.core.regression;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.solvers.ColumnSource;
import org.tangent4j.core.tiles.MemoryBudget;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.core.tiles.TileProgress;
import org.tangent4j.core.tiles.TileStore;
import org.tangent4j.core.tiles.TiledGram;
import org.tangent4j.core.tiles.TiledMatrix;

/**
 * Kernel ridge regression at data-set scale: K(X, X) in tiles, (K + lambda I) A = Y solved by {@link RidgeSolver},
 * test predictions f(x*) = K(x*, X) A from the tiles of K(X*, X):
 * <pre>
 * lambda = r mean_i K(x_i, x_i)     (r: the relative ridge, given or chosen by {@link RidgeSelection})
 * f(X*)  = K(X*, X) (K(X, X) + lambda I)^-1 Y
 * var(x*) = K(x*, x*) - K(x*, X) (K + lambda I)^-1 K(X, x*)   (the GP posterior variance, with the Cholesky solver
 *                                                            when N x N* doubles fit in a quarter of the budget)
 * </pre>
 * Without a tile directory and without variances, K(X*, X) is never stored: each of its tiles is computed, rounded
 * to the storage precision, multiplied into the predictions and freed (the same numbers as from stored tiles).
 *
 * @param budget the memory budget
 * @param storage tile storage precision
 * @param tiles directory for the tiles (subfolders {@code train} and {@code test}), or null for memory
 * @param solver how to solve
 * @param relativeRidge r, or NaN to choose it on a held-out part
 * @param seed seed of the held-out split
 * @param selectionSubset training points used to choose the ridge, at most (see {@link RidgeSelection})
 */
public record KernelRegression(MemoryBudget budget, Storage storage, Path tiles, RidgeSolver solver, double relativeRidge, long seed,
                               int selectionSubset) {

    /** With the default selection subset {@link RidgeSelection#SUBSET}. */
    public KernelRegression(MemoryBudget budget, Storage storage, Path tiles, RidgeSolver solver, double relativeRidge, long seed) {
        this(budget, storage, tiles, solver, relativeRidge, seed, RidgeSelection.SUBSET);
    }

    public KernelRegression {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(solver, "solver");
        if (!Double.isNaN(relativeRidge)) {
            Checks.positive("ridge", relativeRidge);
        }
    }

    /**
     * What a run produced.
     *
     * @param predictions f(X*), [N*, k]
     * @param variances GP posterior variances of the test points, [N*], or null where not affordable
     * @param solution the solve
     * @param relativeRidge r
     * @param selection the ridge selection (null when r was given)
     * @param roundingError the largest absolute error the storage precision introduced in any tile (0 for float64)
     * @param kernelSeconds time of the train tiles (this run)
     * @param testKernelSeconds time of the test tiles (this run)
     * @param predictSeconds time of the products with the test tiles
     * @param tile the tile side
     */
    public record Result(INDArray predictions, INDArray variances, RidgeSolution solution, double relativeRidge,
                         RidgeSelection selection, double roundingError, double kernelSeconds, double testKernelSeconds,
                         double predictSeconds, int tile) {
    }

    /**
     * Fits on (x, targets) and predicts on {@code test}.
     *
     * @param kernelName the kernel with its settings, recorded with disk tiles
     * @param log progress and decisions, one line each
     * @throws IllegalArgumentException for mismatched shapes, or in-memory tiles that do not fit the budget
     */
    public Result run(Kernel kernel, String kernelName, INDArray x, Targets targets, INDArray test, Consumer<String> log) {
        INDArray xs = Checks.finiteMatrix("train-x", x).castTo(DataType.DOUBLE);
        INDArray ts = Checks.finiteMatrix("test-x", test).castTo(DataType.DOUBLE);
        if (ts.columns() != xs.columns()) {
            throw new IllegalArgumentException("test-x has " + ts.columns() + " features: expected " + xs.columns()
                    + " like train-x");
        }
        Checks.rows("train-y", targets.values(), xs.rows(), "one target row per row of train-x");
        int n = (int) xs.rows();
        int nt = (int) ts.rows();
        int tile = budget.tileSide(Math.max(n, nt));
        boolean withVariances = solver.resolve(n) == SolverChoice.CHOLESKY && budget.fits(4.0 * 8 * n * nt);
        if (tiles == null) {
            double bytes = (new org.tangent4j.core.tiles.TileGrid(n, n, tile, true).storedEntries()
                    + (withVariances ? (double) n * nt : 0)) * storage.bytes();
            if (!budget.fits(bytes)) {
                throw new IllegalArgumentException("tiles in memory need " + MemoryBudget.describe((long) bytes)
                        + ", more than " + budget.name() + " = " + budget.describe()
                        + ": expected a tile directory on disk, float32 storage, or a larger budget");
            }
        }
        log.accept(String.format(Locale.ROOT, "kernel: %s; %d train x %d test points, tiles of %d, %s, %s", kernelName, n, nt,
                tile, storage, tiles == null ? "in memory" : "in " + tiles));
        long t0 = System.nanoTime();
        TileStore trainStore = TiledGram.store(tiles == null ? null : tiles.resolve("train"), kernelName, xs, null, storage, tile);
        TiledMatrix k = TiledGram.compute(kernel, xs, null, trainStore, progress("K(train, train)", log));
        double kernelSeconds = (System.nanoTime() - t0) / 1e9;

        RidgeSelection selection = null;
        double r = relativeRidge;
        if (Double.isNaN(r)) {
            selection = RidgeSelection.choose(kernel, xs, targets, seed, selectionSubset, log);
            r = selection.relativeRidge();
            log.accept(String.format(Locale.ROOT, "ridge: %.3g x mean diag, chosen on a held-out part (score %.4f)", r, selection.score()));
        }
        double lambda = r * k.diagonal().meanNumber().doubleValue();
        RidgeSolution sol = solver.solve(k, ColumnSource.of(kernel, xs), targets.values(), lambda, log);
        log.accept(String.format(Locale.ROOT, "solved by %s in %.1f s: relative residual %.3g%s", sol.method(), sol.seconds(),
                sol.residual(), sol.method().equals("cg") ? String.format(Locale.ROOT, " (tolerance %.1g, %d iterations,"
                        + " preconditioner rank %d)", sol.tolerance(), sol.iterations(), sol.preconditionerRank()) : ""));

        // K(train, train) is needed neither for the predictions (A) nor for the variances (the Cholesky factor): free
        // an in-memory matrix before the test kernel (7.2 GiB of float32 tiles at N = 60,000)
        double trainRounding = trainStore.roundingError();
        trainStore.release();
        long t1 = System.nanoTime();
        INDArray pred;
        INDArray variances = null;
        double testRounding = 0;
        double testSeconds;
        long t2;
        if (tiles == null && !withVariances) {
            // nothing to resume and no variances: K(test, train) is multiplied tile by tile and never stored
            TiledGram.Product p = TiledGram.multiply(kernel, ts, xs, sol.coefficients(), storage, tile, progress("K(test, train) A", log));
            pred = p.values();
            testRounding = p.roundingError();
            testSeconds = (System.nanoTime() - t1) / 1e9;
            t2 = System.nanoTime();
        } else {
            TileStore testStore = TiledGram.store(tiles == null ? null : tiles.resolve("test"), kernelName, ts, xs, storage, tile);
            TiledMatrix cross = TiledGram.compute(kernel, ts, xs, testStore, progress("K(test, train)", log));
            testSeconds = (System.nanoTime() - t1) / 1e9;
            t2 = System.nanoTime();
            pred = cross.multiply(sol.coefficients());
            if (withVariances) {
                variances = posteriorVariances(kernel, ts, cross, sol.factorization());
            }
            testRounding = testStore.roundingError();
        }
        double predictSeconds = (System.nanoTime() - t2) / 1e9;
        double rounding = Math.max(trainRounding, testRounding);
        return new Result(pred, variances, sol, r, selection, rounding, kernelSeconds, testSeconds, predictSeconds, trainStore.grid().tile());
    }

    /**
     * The GP posterior variances of the test points, var(x*) = K(x*, x*) - sum_i W_i*^2 with W = L^-1 K(X, X*) and L
     * the Cholesky factor of K(X, X) + lambda I.
     *
     * @param test the test points X*, [N*, d]
     * @param cross K(X*, X), [N*, N] (densified here: N N* doubles)
     * @param factor L
     * @return [N*]
     */
    public static INDArray posteriorVariances(Kernel kernel, INDArray test, TiledMatrix cross, org.tangent4j.core.linalg.Cholesky factor) {
        INDArray w = factor.solveLower(cross.toDense().transpose());
        INDArray prior = kernel.diagonal(test).castTo(DataType.DOUBLE);
        return prior.sub(w.mul(w).sum(0));
    }

    private static Consumer<TileProgress> progress(String what, Consumer<String> log) {
        return p -> log.accept(what + ": " + p);
    }

}
