package org.tangent4j.core.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;
import static org.tangent4j.core.testing.Numeric.relativeError;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.linalg.Cholesky;
import org.tangent4j.core.linalg.Matrices;
import org.tangent4j.core.regression.RidgeSolution;
import org.tangent4j.core.regression.RidgeSolver;
import org.tangent4j.core.regression.SolverChoice;
import org.tangent4j.core.tiles.MemoryBudget;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.core.tiles.TiledGram;
import org.tangent4j.core.tiles.TiledMatrix;

class SolversTest {

    private static final Kernel NNGP = InfiniteWidth.of(DenseStack.fullyConnected(2, Activations.relu(), 1.4, 0.1)).nngp();

    @Test
    void pivotedCholeskyOfFullRankReproducesTheMatrixAndIsExactOnPivots() {
        INDArray x = gaussian(5, 60, 4);
        INDArray k = NNGP.gram(x);
        PivotedCholesky full = PivotedCholesky.of(ColumnSource.of(NNGP, x), 60, 0);
        INDArray l = full.factor();
        assertThat(relativeError(l.mmul(l.transpose()), k)).isLessThan(1e-12);
        PivotedCholesky low = PivotedCholesky.of(ColumnSource.of(NNGP, x), 10, 0);
        INDArray ll = low.factor().mmul(low.factor().transpose());
        for (int p : low.pivots()) {
            assertClose(ll.getRow(p), k.getRow(p), 1e-12, 1e-12);
        }
        // the residual trace is tr(K - L L^T), computed directly
        INDArray res = k.sub(ll);
        double trace = 0;
        for (int i = 0; i < 60; i++) {
            trace += res.getDouble(i, i);
        }
        assertClose(low.residualTrace(), trace, 1e-10, 1e-12);
    }

    /** A ColumnSource of an explicit symmetric matrix. */
    private static ColumnSource matrix(INDArray k) {
        return new ColumnSource() {
            @Override
            public int size() {
                return (int) k.rows();
            }

            @Override
            public INDArray diagonal() {
                return org.nd4j.linalg.factory.Nd4j.diag(k).reshape(k.rows());
            }

            @Override
            public INDArray columns(int[] idx) {
                INDArray c = org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, k.rows(), idx.length);
                for (int j = 0; j < idx.length; j++) {
                    c.putColumn(j, k.getColumn(idx[j]));
                }
                return c;
            }
        };
    }

    @Test
    void pivotsAreDrawnInProportionToTheResidualDiagonalAndReproducibly() {
        // K = diag(1, 2, 3, 4): a rank-1 factor draws its one pivot with probability d_i / tr K = i / 10; over 4000
        // seeds each count lies within 4.5 standard deviations of 4000 i / 10
        INDArray k = org.nd4j.linalg.factory.Nd4j.diag(org.nd4j.linalg.factory.Nd4j.createFromArray(1.0, 2, 3, 4));
        int[] counts = new int[4];
        int trials = 4000;
        for (int seed = 0; seed < trials; seed++) {
            counts[PivotedCholesky.of(matrix(k), 1, 0, line -> { }, seed).pivots()[0]]++;
        }
        for (int i = 0; i < 4; i++) {
            double p = (i + 1) / 10.0;
            assertThat(Math.abs(counts[i] - trials * p)).as("pivot %d drawn %d times", i, counts[i])
                    .isLessThan(4.5 * Math.sqrt(trials * p * (1 - p)));
        }
        // on a diagonal matrix a pivot removes exactly its own entry: the residual trace is what was not drawn
        PivotedCholesky two = PivotedCholesky.of(matrix(k), 2, 0);
        double left = 10;
        for (int p : two.pivots()) {
            left -= p + 1;
        }
        assertThat(two.residualTrace()).isEqualTo(left);
        // indices at or below the tolerance are never drawn: with most of the trace in 1000 entries of 0.01 below the
        // tolerance 0.02, a rank-3 factor still takes the three entries of 1 (drawing the small ones would end it early)
        double[] diag = new double[1003];
        java.util.Arrays.fill(diag, 0.01);
        diag[0] = diag[500] = diag[1002] = 1;
        PivotedCholesky big = PivotedCholesky.of(matrix(org.nd4j.linalg.factory.Nd4j.diag(
                org.nd4j.linalg.factory.Nd4j.createFromArray(diag))), 3, 0.02);
        assertThat(big.pivots()).containsExactlyInAnyOrder(0, 500, 1002);
        assertClose(big.residualTrace(), 10, 1e-12, 0);
        // the default seed: the same pivots and the same factor bits on every call
        INDArray x = gaussian(8, 300, 4);
        PivotedCholesky a = PivotedCholesky.of(ColumnSource.of(NNGP, x), 100, 0);
        PivotedCholesky b = PivotedCholesky.of(ColumnSource.of(NNGP, x), 100, 0);
        assertThat(a.pivots()).containsExactly(b.pivots());
        assertThat(a.factor().toDoubleMatrix()).isDeepEqualTo(b.factor().toDoubleMatrix());
    }

    @Test
    void nystromPreconditionerAppliesTheInverseOfLowRankPlusRidge() {
        INDArray l = gaussian(6, 40, 5);
        INDArray r = gaussian(7, 40, 3);
        double lambda = 0.3;
        INDArray p = Matrices.addToDiagonal(l.mmul(l.transpose()), lambda);
        INDArray direct = Cholesky.of("P", p).solve(r);
        assertClose(NystromPreconditioner.of(l, lambda).apply(r), direct, 1e-11, 1e-12);
    }

    /** A 1,200-point problem in tiles of 256 (the last 176): CG on the tiles against Cholesky of the dense matrix. */
    @Test
    void conjugateGradientsMatchCholeskyAndThePreconditionerCutsIterations() {
        INDArray x = gaussian(8, 1200, 5);
        INDArray test = gaussian(9, 300, 5);
        INDArray y = gaussian(10, 1200, 3);
        TiledMatrix k = TiledGram.compute(NNGP, x, null, TiledGram.store(null, "nngp", x, null, Storage.FLOAT64, 256), t -> { });
        double ridge = 1e-1 * k.diagonal().meanNumber().doubleValue();
        MemoryBudget budget = MemoryBudget.parse("--memory", "256m");
        List<String> log = new ArrayList<>();
        RidgeSolution chol = RidgeSolver.of(SolverChoice.AUTO, budget).solve(k, ColumnSource.of(NNGP, x), y, ridge, log::add);
        assertThat(chol.method()).isEqualTo("cholesky");
        assertThat(chol.residual()).isLessThan(1e-10); // backward stable: ~ N eps cond, cond ~ 1e2 N here

        RidgeSolver cg = new RidgeSolver(SolverChoice.CG, budget, 1e-11, 5000, 100);
        RidgeSolution pcg = cg.solve(k, ColumnSource.of(NNGP, x), y, ridge, log::add);
        assertThat(pcg.method()).isEqualTo("cg");
        assertThat(pcg.residual()).isLessThan(2e-11);
        INDArray kTest = NNGP.gram(test, x);
        double predictionError = relativeError(kTest.mmul(pcg.coefficients()), kTest.mmul(chol.coefficients()));
        assertThat(predictionError).isLessThan(1e-8);

        RidgeSolution plain = new RidgeSolver(SolverChoice.CG, budget, 1e-11, 5000, 0)
                .solve(k, ColumnSource.of(NNGP, x), y, ridge, log::add);
        assertThat(relativeError(kTest.mmul(plain.coefficients()), kTest.mmul(chol.coefficients()))).isLessThan(1e-8);
        System.out.printf("N = 1200, ridge = 0.1 mean diag: CG iterations %d without, %d with a rank-%d preconditioner;"
                + " prediction error vs Cholesky %.2e%n", plain.iterations(), pcg.iterations(), pcg.preconditionerRank(), predictionError);

        assertThat(pcg.iterations()).isLessThan(plain.iterations() / 3);
    }

    @Test
    void choleskyIsRefusedWhenTheDenseMatrixExceedsTheBudget() {
        INDArray x = gaussian(11, 300, 3);
        TiledMatrix k = TiledGram.compute(NNGP, x, null, TiledGram.store(null, "nngp", x, null, Storage.FLOAT64, 128), t -> { });
        MemoryBudget small = MemoryBudget.parse("--memory", "512k"); // 300^2 x 8 bytes = 703 KiB
        assertThat(RidgeSolver.of(SolverChoice.AUTO, small).resolve(300)).isEqualTo(SolverChoice.CG);
        assertThatThrownBy(() -> RidgeSolver.of(SolverChoice.CHOLESKY, small).solve(k, ColumnSource.of(NNGP, x),
                Nd4j.ones(300, 1), 0.1, s -> { })).hasMessageContaining("solver = cholesky needs 703.1 KiB").hasMessageContaining("more than --memory = 512.0 KiB");
    }

    @Test
    void preconditionerRankIsTheOneAskedForOrRefusedNeverClipped() {
        MemoryBudget b = MemoryBudget.parse("--memory", "64m"); // a quarter holds 64 Mi / 4 / (8 N) columns
        // default: min(N, DEFAULT_RANK, budget): N = 1000 -> 2048 > N -> 1000; N = 10,000 -> 209 columns fit
        assertThat(new RidgeSolver(SolverChoice.CG, b, 1e-8, 10, -1).rank(1000)).isEqualTo(1000);
        assertThat(new RidgeSolver(SolverChoice.CG, b, 1e-8, 10, -1).rank(10_000)).isEqualTo(209);
        assertThat(new RidgeSolver(SolverChoice.CG, MemoryBudget.parse("--memory", "8g"), 1e-8, 10, -1).rank(50_000))
                .isEqualTo(RidgeSolver.DEFAULT_RANK);
        assertThat(new RidgeSolver(SolverChoice.CG, b, 1e-8, 10, 150).rank(10_000)).isEqualTo(150);
        assertThatThrownBy(() -> new RidgeSolver(SolverChoice.CG, b, 1e-8, 10, 300).rank(10_000))
                .hasMessageContaining("preconditioner rank = 300").hasMessageContaining("209").hasMessageContaining("--memory");
        assertThatThrownBy(() -> new RidgeSolver(SolverChoice.CG, b, 1e-8, 10, 101).rank(100))
                .hasMessageContaining("N = 100");
    }
}
