package org.tangent4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StockKernelsTest {

    private static final INDArray X1 = gaussian(11, 7, 3);
    private static final INDArray X2 = gaussian(12, 5, 3);

    /** Independent route: the defining formula evaluated pair by pair in plain Java doubles. */
    private static INDArray byPairs(INDArray a, INDArray b, BiFunction<double[], double[], Double> k) {
        double[][] out = new double[(int) a.rows()][(int) b.rows()];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = k.apply(a.getRow(i).toDoubleVector(), b.getRow(j).toDoubleVector());
            }
        }
        return Nd4j.createFromArray(out);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    // Tolerance 1e-13 relative: dgemm and the pairwise loop sum 3 products in different orders (a few ulps);
    // for the RBF the expansion |x|^2 + |x'|^2 - 2x.x' loses up to ~1e-15 * |x|^2 absolute in the exponent.

    @Test
    void linearKernelIsTheScaledDotProduct() {
        Kernel k = new LinearKernel(2.5);
        assertClose(k.gram(X1, X2), byPairs(X1, X2, (a, b) -> 2.5 * dot(a, b)), 1e-13, 1e-14);
        assertClose(k.diagonal(X1), Nd4j.diag(byPairs(X1, X1, (a, b) -> 2.5 * dot(a, b))), 1e-13, 1e-14);
        assertClose(new LinearKernel().value(new double[] {1, 2}, new double[] {3, -4}), -5, 0, 1e-15);
    }

    @Test
    void rbfKernelIsTheGaussianOfTheDistance() {
        Kernel k = new RbfKernel(1.7, 0.8);
        INDArray expected = byPairs(X1, X2, (a, b) -> 1.7 * Math.exp(-dist2(a, b) / (2 * 0.8 * 0.8)));
        assertClose(k.gram(X1, X2), expected, 1e-13, 1e-15);
        // Equal points: exactly the variance on the diagonal of gram(x) (distance 0 up to round-off).
        assertClose(Nd4j.diag(k.gram(X1)), Nd4j.valueArrayOf(new long[] {7}, 1.7, DataType.DOUBLE), 1e-14, 0);
        assertClose(k.diagonal(X1), Nd4j.valueArrayOf(new long[] {7}, 1.7, DataType.DOUBLE), 0, 0);
        // Hand value: |(0,0) - (1,1)|^2 = 2, l = 1: exp(-1).
        assertClose(new RbfKernel(1.0).value(new double[] {0, 0}, new double[] {1, 1}), Math.exp(-1), 1e-15, 0);
    }

    @Test
    void polynomialKernelIsAPowerOfTheShiftedDotProduct() {
        Kernel k = new PolynomialKernel(0.5, 3);
        assertClose(k.gram(X1, X2), byPairs(X1, X2, (a, b) -> Math.pow(dot(a, b) + 0.5, 3)), 1e-12, 1e-13);
        assertClose(k.diagonal(X2), Nd4j.diag(byPairs(X2, X2, (a, b) -> Math.pow(dot(a, b) + 0.5, 3))), 1e-12, 1e-13);
    }

    @Test
    void badInputIsRejectedWithArgumentAndValue() {
        Kernel k = new RbfKernel(1.0);
        assertThatThrownBy(() -> k.gram(X1, gaussian(1, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x2 has 2 columns")
                .hasMessageContaining("expected 3");
        INDArray bad = X1.dup();
        bad.putScalar(2, 1, Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> new LinearKernel().gram(bad, X1)).hasMessageContaining("x1 contains Infinity at [2, 1]");
        assertThatThrownBy(() -> new PolynomialKernel(0, 2).diagonal(Nd4j.createFromArray(new double[][] {{Double.NaN}})))
                .hasMessageContaining("x contains NaN at [0, 0]");
        assertThatThrownBy(() -> new RbfKernel(-1.0, 1.0)).hasMessageContaining("variance = -1.0");
        assertThatThrownBy(() -> new RbfKernel(0.0)).hasMessageContaining("lengthScale = 0.0");
        assertThatThrownBy(() -> new PolynomialKernel(-0.1, 2)).hasMessageContaining("offset = -0.1");
        assertThatThrownBy(() -> new PolynomialKernel(1, 0)).hasMessageContaining("degree = 0");
        assertThatThrownBy(() -> new LinearKernel(Double.NaN)).hasMessageContaining("scale = NaN");
    }
}
