package org.tangent4j.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

class LinalgTest {

    /** A = X X^T + n I: symmetric positive definite with condition number O(1), so float64 residuals are ~1e-15. */
    static INDArray spd(long seed, int n) {
        INDArray x = gaussian(seed, n, n);
        return x.mmul(x.transpose()).addi(Nd4j.eye(n).castTo(DataType.DOUBLE).muli(n));
    }

    @Test
    void choleskyOfAKnownFactor() {
        // A = L L^T with L = [[2,0,0],[1,3,0],[-1,2,4]] chosen by hand.
        INDArray l = Nd4j.createFromArray(new double[][] {{2, 0, 0}, {1, 3, 0}, {-1, 2, 4}});
        Cholesky c = Cholesky.of("a", l.mmul(l.transpose()));
        assertClose(c.factor(), l, 0, 1e-14);
        assertThat(c.jitter()).isZero();
        // log det = 2 log(2 * 3 * 4).
        assertClose(c.logDeterminant(), 2 * Math.log(24), 1e-15, 0);
    }

    @Test
    void columnGramIsTheSymmetricProductOfTheColumns() {
        // L^T L by dsyrk against the Java sum over rows, for a row-major and a column-major L; exactly symmetric
        INDArray l = gaussian(9, 301, 37);
        double[][] a = l.toDoubleMatrix();
        for (INDArray in : new INDArray[] {l, l.dup('f')}) {
            double[][] g = Matrices.columnGram(in).toDoubleMatrix();
            for (int i = 0; i < 37; i++) {
                for (int j = 0; j < 37; j++) {
                    double s = 0;
                    for (double[] row : a) {
                        s += row[i] * row[j];
                    }
                    assertThat(g[i][j]).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-12 * 301));
                    assertThat(g[i][j]).isEqualTo(g[j][i]);
                }
            }
        }
        assertThat(Matrices.columnGram(Nd4j.zeros(DataType.DOUBLE, 5, 0)).length()).isZero();
    }

    @Test
    void solvesAgreeWithTheExplicitInverse() {
        INDArray a = spd(1, 40);
        INDArray b = gaussian(2, 40, 3);
        Cholesky c = Cholesky.of("a", a);
        // Independent route: LU-based inverse from ND4J (cond(A) ~ 5, so agreement to ~1e-13).
        assertClose(c.solve(b), InvertMatrix.invert(a, false).mmul(b), 1e-12, 1e-14);
        INDArray vec = b.getColumn(0).dup();
        assertClose(c.solve(vec), InvertMatrix.invert(a, false).mmul(vec.reshape(40, 1)).reshape(40), 1e-12, 1e-14);
        INDArray y = c.solveLower(b);
        assertClose(c.factor().mmul(y), b, 1e-12, 1e-13);
    }

    @Test
    void notPositiveDefiniteNamesArgumentMinorAndJitter() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {2, 1}}); // eigenvalues 3 and -1
        assertThatThrownBy(() -> Cholesky.of("kernelMatrix", a))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("kernelMatrix (2 x 2)")
                .hasMessageContaining("order 2")
                .hasMessageContaining("jitter tried: 0.0");
        // Escalating jitter cannot fix an eigenvalue of -1 with jitters 1e-8..1e-6: all are reported.
        assertThatThrownBy(() -> Cholesky.of("k", a, Jitter.escalating(1e-8, 3)))
                .hasMessageContaining("0.0, 1.0E-8, 1.0E-7, 1.0E-6");
    }

    @Test
    void jitterRescuesASingularMatrixAndIsReported() {
        // Rank-one [[1,1],[1,1]]: singular; the first non-zero jitter 1e-10 makes it PD.
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 1}, {1, 1}});
        Cholesky c = Cholesky.of("k", a, Jitter.escalating(1e-10, 5));
        assertThat(c.jitter()).isEqualTo(1e-10);
        assertClose(c.factor().mmul(c.factor().transpose()), a.add(Nd4j.eye(2).castTo(DataType.DOUBLE).mul(1e-10)), 0, 1e-15);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> Cholesky.of("m", Nd4j.create(DataType.DOUBLE, 2, 3))).hasMessageContaining("m has shape [2, 3]");
        INDArray nan = Nd4j.createFromArray(new double[][] {{1, Double.NaN}, {Double.NaN, 1}});
        assertThatThrownBy(() -> Cholesky.of("m", nan)).hasMessageContaining("m contains NaN at [0, 1]");
        assertThatThrownBy(() -> new Jitter(-1, 10, 1)).hasMessageContaining("initial = -1.0");
        assertThatThrownBy(() -> Cholesky.of("a", spd(1, 3)).solve(Nd4j.create(DataType.DOUBLE, 4, 1)))
                .hasMessageContaining("b has 4 rows");
    }

    @Test
    void eigendecompositionReconstructsAndOrdersValues() {
        INDArray a = spd(3, 30);
        SymmetricEigen e = SymmetricEigen.of("a", a);
        INDArray v = e.vectors();
        INDArray recon = v.mmul(Nd4j.diag(e.values())).mmul(v.transpose());
        assertClose(recon, a, 1e-12, 1e-12);
        assertClose(v.transpose().mmul(v), Nd4j.eye(30).castTo(DataType.DOUBLE), 0, 1e-13);
        double[] lam = e.values().data().asDouble();
        for (int i = 1; i < lam.length; i++) {
            assertThat(lam[i]).isGreaterThanOrEqualTo(lam[i - 1]);
        }
        // Independent route for the largest eigenvalue: 300 power iterations (ratio lambda_2/lambda_1 < 0.9).
        INDArray x = Nd4j.ones(DataType.DOUBLE, 30, 1);
        for (int k = 0; k < 300; k++) {
            x = a.mmul(x);
            x.divi(x.norm2Number());
        }
        double rayleigh = x.transpose().mmul(a).mmul(x).getDouble(0);
        assertClose(e.largest(), rayleigh, 1e-10, 0);
        // f(A) with f = 1/lambda is the inverse.
        assertClose(e.function(l -> 1 / l), InvertMatrix.invert(a, false), 1e-11, 1e-14);
    }

    @Test
    void explicitJitterIsAddedAndReported() {
        // [[1,1],[1,1]] + 0.5 I = [[1.5,1],[1,1.5]]: L = [[sqrt 1.5, 0], [1/sqrt 1.5, sqrt(1.5 - 1/1.5)]] by hand.
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 1}, {1, 1}});
        Cholesky c = Cholesky.of("k", a, 0.5);
        assertThat(c.jitter()).isEqualTo(0.5);
        double l11 = Math.sqrt(1.5);
        INDArray expected = Nd4j.createFromArray(new double[][] {{l11, 0}, {1 / l11, Math.sqrt(1.5 - 1 / 1.5)}});
        assertClose(c.factor(), expected, 1e-15, 0);
        assertThatThrownBy(() -> Cholesky.of("k", a, 0.0))
                .isInstanceOf(NotPositiveDefiniteException.class)
                .hasMessageContaining("k (2 x 2)")
                .hasMessageContaining("order 2")
                .hasMessageContaining("jitter tried: 0.0");
        assertThatThrownBy(() -> Cholesky.of("k", a, -1e-3)).hasMessageContaining("jitter = -0.001");
    }

    @Test
    void largestEigenvalueAloneMatchesTheFullDecompositionAndAHandValue() {
        // [[2,1],[1,2]] has eigenvalues 1 and 3.
        assertClose(SymmetricEigen.largestEigenvalue("a", Nd4j.createFromArray(new double[][] {{2, 1}, {1, 2}})), 3, 1e-15, 0);
        INDArray a = spd(5, 25);
        // Second route: the eigenvector-computing path of the same LAPACK routine (both backward stable: ~1e-15 rel).
        assertClose(SymmetricEigen.largestEigenvalue("a", a), SymmetricEigen.of("a", a).largest(), 1e-13, 0);
        assertThatThrownBy(() -> SymmetricEigen.largestEigenvalue("theta", Nd4j.create(DataType.DOUBLE, 3, 2)))
                .hasMessageContaining("theta has shape [3, 2]");
    }

    @Test
    void inPlaceFactorisationEqualsTheCopyingOneAndReusesTheStorage() {
        INDArray a = spd(7, 30);
        INDArray expected = Cholesky.of("a", a).factor();
        INDArray work = a.dup('c');
        Cholesky c = Cholesky.ofInPlace("a", work, 0);
        // Same LAPACK call on the same numbers: bitwise equal.
        assertClose(c.factor(), expected, 0, 0);
        assertClose(work, expected, 0, 0);
        // A transposed view cannot be used in place: it is copied and left untouched.
        INDArray view = a.transpose();
        assertClose(Cholesky.ofInPlace("a", view, 0).factor(), expected, 1e-14, 1e-14);
        assertClose(view, a.transpose(), 0, 0);
        assertThatThrownBy(() -> Cholesky.ofInPlace("a", a.dup(), Double.NaN)).hasMessageContaining("jitter = NaN");
    }

    @Test
    void addToDiagonalAddsVTimesTheIdentity() {
        INDArray a = gaussian(9, 4, 4);
        INDArray expected = a.add(Nd4j.eye(4).castTo(DataType.DOUBLE).mul(0.25));
        assertClose(Matrices.addToDiagonal(a, 0.25), expected, 0, 0);
        assertThatThrownBy(() -> Matrices.addToDiagonal(gaussian(1, 2, 3), 1)).hasMessageContaining("a has shape [2, 3]");
    }

    @Test
    void onlyTheLowerTriangleIsRead() {
        // Documented contract (LAPACK reads one triangle): garbage above the diagonal changes nothing.
        INDArray a = spd(11, 6);
        INDArray garbled = a.dup();
        for (int i = 0; i < 6; i++) {
            for (int j = i + 1; j < 6; j++) {
                garbled.putScalar(i, j, 1e6 * (i + 1) - j);
            }
        }
        assertClose(Cholesky.of("a", garbled).factor(), Cholesky.of("a", a).factor(), 0, 0);
        assertClose(SymmetricEigen.of("a", garbled).values(), SymmetricEigen.of("a", a).values(), 0, 0);
    }
}
