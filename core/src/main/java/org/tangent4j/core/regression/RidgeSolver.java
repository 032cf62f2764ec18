package org.tangent4j.core.regression;

import java.util.Locale;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.Cholesky;
import org.tangent4j.core.solvers.BlockOperator;
import org.tangent4j.core.solvers.ColumnSource;
import org.tangent4j.core.solvers.ConjugateGradient;
import org.tangent4j.core.solvers.NystromPreconditioner;
import org.tangent4j.core.solvers.PivotedCholesky;
import org.tangent4j.core.solvers.Preconditioner;
import org.tangent4j.core.tiles.MemoryBudget;
import org.tangent4j.core.tiles.TiledMatrix;

/**
 * Solves (K + lambda I) A = Y for a tiled symmetric K: directly by Cholesky when the dense matrix fits the budget,
 * otherwise by preconditioned block CG on the tiles (see {@link SolverChoice}). The CG preconditioner is a pivoted
 * Cholesky K ~ L L^T of rank r (see {@link #rank}), stopped early once the largest
 * residual diagonal is below lambda / 100 (the preconditioned spectrum then lies within [1, 1.01 + ...]).
 *
 * @param choice the method
 * @param budget the memory budget
 * @param tolerance CG's relative residual per column
 * @param maxIterations CG's iteration limit
 * @param preconditionerRank the largest rank of CG's preconditioner: 0 for none, -1 for the rank the budget allows
 */
public record RidgeSolver(SolverChoice choice, MemoryBudget budget, double tolerance, int maxIterations, int preconditionerRank) {

    /** Largest preconditioner rank: its setup costs O(N r^2). */
    public static final int MAX_RANK = 16384;

    /** The rank used unless one is asked for. */
    public static final int DEFAULT_RANK = 2048;

    /** CG's default relative residual. */
    public static final double DEFAULT_TOLERANCE = 1e-8;

    public RidgeSolver {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance = " + tolerance + ": expected a relative residual in (0, 1)");
        }
        Checks.positive("maxIterations", maxIterations);
        if (preconditionerRank < -1) {
            throw new IllegalArgumentException("preconditionerRank = " + preconditionerRank + ": expected -1 (from the budget), 0 (none) or a rank > 0");
        }
    }

    /** Default settings for a budget. */
    public static RidgeSolver of(SolverChoice choice, MemoryBudget budget) {
        return new RidgeSolver(choice, budget, DEFAULT_TOLERANCE, 5000, -1);
    }

    /** Bytes of the dense float64 matrix that Cholesky factorises in place. */
    public static double choleskyBytes(int n) {
        return 8.0 * n * n;
    }

    /**
     * The preconditioner's rank for N points: the one asked for, or by default min(N, {@link #DEFAULT_RANK}, what a
     * quarter of the budget holds as the float64 factor [N, r]).
     *
     * @throws IllegalArgumentException when the rank asked for exceeds N, {@link #MAX_RANK} or the budget
     */
    public int rank(int n) {
        long affordable = Math.max(1, budget.bytes() / 4 / (8L * n));
        if (preconditionerRank < 0) {
            return (int) Math.min(Math.min(n, DEFAULT_RANK), affordable);
        }
        if (preconditionerRank > Math.min(n, MAX_RANK) || preconditionerRank > affordable) {
            throw new IllegalArgumentException("preconditioner rank = " + preconditionerRank + ": expected at most min(N = " + n
                    + ", " + MAX_RANK + ", " + affordable + " (a quarter of " + budget.name() + " = " + budget.describe()
                    + " holds the factor [N, r] in float64))");
        }
        return preconditionerRank;
    }

    /** The method {@link SolverChoice#AUTO} picks for N points. */
    public SolverChoice resolve(int n) {
        if (choice != SolverChoice.AUTO) {
            return choice;
        }
        return budget.fits(2 * choleskyBytes(n)) ? SolverChoice.CHOLESKY : SolverChoice.CG;
    }

    /**
     * The solution.
     *
     * @param k the tiled K(X, X)
     * @param columns columns of K for the preconditioner (e.g. {@link ColumnSource#of} of the kernel and X)
     * @param log progress lines
     * @throws IllegalArgumentException when Cholesky is asked for but the dense matrix does not fit the budget
     */
    public RidgeSolution solve(TiledMatrix k, ColumnSource columns, INDArray y, double ridge, Consumer<String> log) {
        int n = k.rows();
        INDArray b = rightHandSides(y, n, ridge);
        long start = System.nanoTime();
        SolverChoice method = resolve(n);
        if (method == SolverChoice.CHOLESKY) {
            if (!budget.fits(choleskyBytes(n))) {
                throw new IllegalArgumentException("solver = cholesky needs " + MemoryBudget.describe((long) choleskyBytes(n))
                        + " for N = " + n + ", more than " + budget.name() + " = " + budget.describe()
                        + ": expected the CG solver or a larger budget");
            }
            log.accept("solver: Cholesky of the dense " + n + " x " + n + " matrix");
            INDArray dense = k.toDense();
            Cholesky factor = Cholesky.ofInPlace("K + ridge I", dense, ridge);
            INDArray a = factor.solve(b);
            double res = maxRelative(b, k.asOperator().plusIdentity(ridge).multiply(a));
            return new RidgeSolution(a, ridge, "cholesky", 0, 0, res, Double.NaN, (System.nanoTime() - start) / 1e9, factor);
        }
        return solveIteratively(k.asOperator(), columns, b, ridge, log);
    }

    /**
     * The CG branch of {@link #solve} for any operator V -&gt; K V (tiles in memory, on disk, or in a cluster's
     * partitions): the pivoted-Cholesky preconditioner from {@code columns}, then preconditioned block CG on
     * (K + ridge I) A = Y.
     *
     * @param k the operator of K (without the ridge)
     * @throws IllegalStateException when CG does not reach the tolerance within the iteration limit
     */
    public RidgeSolution solveIteratively(BlockOperator k, ColumnSource columns, INDArray y, double ridge, Consumer<String> log) {
        int n = k.size();
        INDArray b = rightHandSides(y, n, ridge);
        long start = System.nanoTime();
        Preconditioner p = Preconditioner.IDENTITY;
        int rank = 0;
        PivotedCholesky pc = null;
        if (preconditionerRank != 0) {
            pc = PivotedCholesky.of(columns, rank(n), ridge / 100, log);
            rank = pc.rank();
            p = NystromPreconditioner.of(pc.factor(), ridge);
            log.accept(String.format(Locale.ROOT, "preconditioner: pivoted Cholesky of rank %d (largest residual diagonal"
                    + " %.3g, ridge %.3g), %.1f s", rank, pc.residualMax(), ridge, (System.nanoTime() - start) / 1e9));
        }
        long cgStart = System.nanoTime();
        ConjugateGradient.Result r = ConjugateGradient.solve(k.plusIdentity(ridge), b, p, tolerance, maxIterations, it -> {
            double s = (System.nanoTime() - cgStart) / 1e9;
            log.accept(String.format(Locale.ROOT, "CG iteration %d: relative residual %.3g, %.1f s", (int) it[0], it[1], s));
        });
        if (pc != null) {
            pc.factor().close(); // [n, r] float64 (2 GB at n = 60,000, r = 4,096): freed now, not at a collection
        }
        if (!r.converged()) {
            throw new IllegalStateException("CG did not reach the relative residual " + tolerance + " in " + maxIterations
                    + " iterations (reached " + r.maxResidual() + "): expected a larger ridge or iteration limit");
        }
        return new RidgeSolution(r.solution(), ridge, "cg", r.iterations(), rank, r.maxResidual(), tolerance,
                (System.nanoTime() - start) / 1e9, null);
    }

    /** Y in float64 after checking it ([n, k], finite) and the ridge (&gt; 0). */
    private static INDArray rightHandSides(INDArray y, int n, double ridge) {
        Checks.positive("ridge", ridge);
        INDArray b = Checks.finiteMatrix("y", y).castTo(DataType.DOUBLE);
        Checks.rows("y", b, n, "one row per training point");
        return b;
    }

    private static double maxRelative(INDArray y, INDArray my) {
        double[] num = y.sub(my).norm2(0).toDoubleVector();
        double[] den = y.norm2(0).toDoubleVector();
        double worst = 0;
        for (int j = 0; j < num.length; j++) {
            worst = Math.max(worst, den[j] == 0 ? num[j] : num[j] / den[j]);
        }
        return worst;
    }
}
