package org.tangent4j.core.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.linalg.Matrices;
import org.tangent4j.core.tiles.MemoryBudget;
import org.tangent4j.core.tiles.Storage;

class KernelRegressionTest {

    @TempDir
    Path dir;

    private static final Kernel RBF = new RbfKernel(1.0, 1.5);

    /** Three Gaussian blobs in 4 dimensions, labels 0, 1, 2. */
    private static INDArray[] blobs(long seed, int n) {
        INDArray x = gaussian(seed, n, 4);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x.putScalar(i, i % 3, x.getDouble(i, i % 3) + 2.5);
        }
        return new INDArray[] {x, Nd4j.createFromArray(y)};
    }

    @Test
    void labelsBecomeCentredOneHotTargetsAndBadLabelsAreRefused() {
        Targets t = Targets.infer("train-y", Nd4j.createFromArray(2.0, 0, 1, 2));
        assertThat(t.classes()).isEqualTo(3);
        assertThat(t.values().toDoubleMatrix()[0]).containsExactly(-1.0 / 3, -1.0 / 3, 1 - 1.0 / 3);
        assertThat(Targets.infer("y", Nd4j.createFromArray(0.5, 1.0)).isClassification()).isFalse();
        assertThatThrownBy(() -> Targets.labels("test-y", Nd4j.createFromArray(0.0, 3), 3))
                .hasMessageContaining("test-y row 1 = 3.0: expected an integer class label in 0..2");
        assertThatThrownBy(() -> Targets.labels("train-y", Nd4j.createFromArray(1.0, 1.5), 0)).hasMessageContaining("row 1 = 1.5");
        Evaluation.Classification c = Evaluation.classify(Nd4j.createFromArray(new double[][] {{1, 0}, {0.2, 0.3}, {5, 1}}),
                new int[] {0, 0, 1}, 2);
        assertThat(c.accuracy()).isEqualTo(1.0 / 3);
        assertThat(c.confusion()).isDeepEqualTo(new long[][] {{1, 1}, {1, 0}});
        assertThat(Evaluation.mse(Nd4j.createFromArray(new double[][] {{1, 2}}), Nd4j.createFromArray(new double[][] {{0, 4}})))
                .isEqualTo(2.5);
    }

    @Test
    void predictionsAndVariancesEqualTheDenseFormulas() {
        INDArray[] train = blobs(1, 300);
        INDArray[] test = blobs(2, 90);
        Targets t = Targets.infer("train-y", train[1]);
        KernelRegression kr = new KernelRegression(MemoryBudget.parse("--memory", "64m"), Storage.FLOAT64, null,
                RidgeSolver.of(SolverChoice.AUTO, MemoryBudget.parse("--memory", "64m")), 1e-3, 0);
        KernelRegression.Result r = kr.run(RBF, "rbf", train[0], t, test[0], s -> { });
        assertThat(r.solution().method()).isEqualTo("cholesky");
        // independent route: the explicit inverse of K + lambda I (LU), lambda = 1e-3 mean diag = 1e-3 (v = 1)
        double[][] a = Matrices.addToDiagonal(RBF.gram(train[0]), 1e-3).toDoubleMatrix();
        INDArray inv = Nd4j.createFromArray(new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver().getInverse().getData());
        INDArray ks = RBF.gram(test[0], train[0]);
        assertClose(r.predictions(), ks.mmul(inv).mmul(t.values()), 1e-8, 1e-10);
        INDArray var = Nd4j.ones(90).subi(ks.mmul(inv).mul(ks).sum(1));
        // var = 1 - k^T (K + lambda I)^-1 k cancels to ~1e-3: both routes lose ~cond(K + lambda I) eps ~ 1e-8 absolute
        assertClose(r.variances(), var, 0, 1e-6);
        assertThat(r.variances().minNumber().doubleValue()).isPositive();
        assertThat(r.variances().maxNumber().doubleValue()).isLessThan(1);
        Evaluation.Classification c = Evaluation.classify(r.predictions(), Targets.infer("y", test[1]).labels(), 3);
        assertThat(c.accuracy()).isGreaterThan(0.9); // blobs 2.5 standard deviations apart

        // CG in memory (tiles of 128: the test kernel is streamed tile by tile, never stored), same predictions
        MemoryBudget small = MemoryBudget.parse("--memory", "2m");
        KernelRegression cg = new KernelRegression(small, Storage.FLOAT64, null,
                new RidgeSolver(SolverChoice.CG, small, 1e-12, 1000, 40), 1e-3, 0);
        KernelRegression.Result rc = cg.run(RBF, "rbf", train[0], t, test[0], s -> { });
        assertThat(rc.solution().method()).isEqualTo("cg");
        assertThat(rc.tile()).isEqualTo(128);
        assertThat(rc.variances()).isNull();
        assertClose(rc.predictions(), ks.mmul(inv).mmul(t.values()), 1e-8, 1e-9);
    }

    @Test
    void ridgeSelectionPrefersLargeRidgeForNoiseAndSmallForASmoothFunction() {
        INDArray x = gaussian(3, 400, 1);
        Random rnd = new Random(4);
        double[] smooth = new double[400];
        double[] noise = new double[400];
        for (int i = 0; i < 400; i++) {
            smooth[i] = Math.sin(2 * x.getDouble(i, 0));
            noise[i] = rnd.nextGaussian();
        }
        RidgeSelection s = RidgeSelection.choose(RBF, x, Targets.values("y", Nd4j.createFromArray(smooth)), 0, m -> { });
        // pure noise with a rough kernel (l = 0.05): a small ridge interpolates the noise, a large one predicts ~0
        RidgeSelection n = RidgeSelection.choose(new RbfKernel(1.0, 0.05), x, Targets.values("y", Nd4j.createFromArray(noise)), 0, m -> { });
        assertThat(s.relativeRidge()).isLessThanOrEqualTo(1e-3);
        assertThat(s.score()).isLessThan(1e-4); // held-out MSE of a noise-free smooth function
        assertThat(n.relativeRidge()).isGreaterThanOrEqualTo(0.1);
    }

    @Test
    void diskTilesResumeWithBitIdenticalPredictions() throws IOException {
        INDArray[] train = blobs(5, 200);
        INDArray[] test = blobs(6, 70);
        Targets t = Targets.infer("train-y", train[1]);
        MemoryBudget tiny = MemoryBudget.parse("--memory", "4m"); // tiles of 181: 2 x 2 blocks (the last of 19)
        KernelRegression onDisk = new KernelRegression(tiny, Storage.FLOAT64, dir, RidgeSolver.of(SolverChoice.CHOLESKY, tiny), 1e-2, 0);
        INDArray first = onDisk.run(RBF, "rbf v=1 l=1.5", train[0], t, test[0], s -> { }).predictions();
        // a kill during the kernel: the last train tile and all test tiles never finished
        Path manifest = dir.resolve("train/manifest.txt");
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.substring(0, text.lastIndexOf("done ")));
        Files.delete(dir.resolve("test/manifest.txt"));
        try (var files = Files.list(dir.resolve("test"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        INDArray resumed = onDisk.run(RBF, "rbf v=1 l=1.5", train[0], t, test[0], s -> { }).predictions();
        assertThat(resumed.toDoubleMatrix()).isDeepEqualTo(first.toDoubleMatrix());
        KernelRegression inMemory = new KernelRegression(tiny, Storage.FLOAT64, null, RidgeSolver.of(SolverChoice.CHOLESKY, tiny), 1e-2, 0);
        assertThat(inMemory.run(RBF, "rbf", train[0], t, test[0], s -> { }).predictions().toDoubleMatrix())
                .isDeepEqualTo(first.toDoubleMatrix());
        // other data in the same directory: refused
        assertThatThrownBy(() -> onDisk.run(RBF, "rbf v=1 l=1.5", train[0].mul(2), t, test[0], s -> { }))
                .hasMessageContaining("refusing to reuse it");
    }
}
