package org.tangent4j.core.rkhs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.kernel.LinearKernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.limits.InfiniteWidth;

class RkhsFunctionTest {

    private static final double V = 1.3;
    private static final double L = 0.9;
    private static final RbfKernel K = new RbfKernel(V, L);

    private static final RkhsFunction F = RkhsFunction.of(K, gaussian(1, 6, 3), gaussian(2, 6, 1).reshape(6));
    private static final RkhsFunction G = RkhsFunction.of(K, gaussian(3, 4, 3), gaussian(4, 4, 1).reshape(4));

    /** Independent route: the RBF formula written out in plain Java. */
    private static double k(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return V * Math.exp(-s / (2 * L * L));
    }

    /** sum_i sum_j alpha_i beta_j k(x_i, x'_j) as a double loop. */
    private static double innerByLoops(RkhsFunction f, RkhsFunction g) {
        double[][] xf = f.centres().toDoubleMatrix();
        double[][] xg = g.centres().toDoubleMatrix();
        double[] a = f.coefficients().toDoubleVector();
        double[] b = g.coefficients().toDoubleVector();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                s += a[i] * b[j] * k(xf[i], xg[j]);
            }
        }
        return s;
    }

    private static double valueByLoop(RkhsFunction f, double[] x) {
        double[][] c = f.centres().toDoubleMatrix();
        double[] b = f.coefficients().toDoubleVector();
        double s = 0;
        for (int i = 0; i < b.length; i++) {
            s += b[i] * k(c[i], x);
        }
        return s;
    }

    // Tolerance 1e-12 (relative, absolute on O(1) values): sums of <= 24 products of O(1) terms in a different
    // order than BLAS, plus the RBF distance expansion (~1e-15 each).

    @Test
    void reproducingPropertyHolds() {
        double[][] points = gaussian(5, 5, 3).toDoubleMatrix();
        for (double[] x : points) {
            RkhsFunction kx = RkhsFunction.representer(K, x);
            assertClose(F.inner(kx), valueByLoop(F, x), 1e-12, 1e-12);
            assertClose(F.value(x), valueByLoop(F, x), 1e-12, 1e-12);
            // ||k(x, .)||^2 = k(x, x) = v.
            assertClose(kx.squaredNorm(), V, 1e-14, 0);
        }
        INDArray xs = gaussian(5, 5, 3);
        double[] expected = new double[5];
        for (int i = 0; i < 5; i++) {
            expected[i] = valueByLoop(F, points[i]);
        }
        assertClose(F.apply(xs), Nd4j.createFromArray(expected), 1e-12, 1e-12);
    }

    @Test
    void innerProductIsTheKernelWeightedDoubleSum() {
        assertClose(F.inner(G), innerByLoops(F, G), 1e-12, 1e-12);
        assertClose(G.inner(F), F.inner(G), 1e-13, 1e-14);
        assertClose(F.squaredNorm(), innerByLoops(F, F), 1e-12, 1e-12);
        assertClose(F.norm(), Math.sqrt(innerByLoops(F, F)), 1e-12, 1e-12);
        assertThat(F.squaredNorm()).isPositive();
        // Bilinearity through sums with different centres: <f + 2g, f> = ||f||^2 + 2 <g, f>.
        assertClose(F.plus(G.times(2)).inner(F), innerByLoops(F, F) + 2 * innerByLoops(G, F), 1e-12, 1e-12);
    }

    @Test
    void sumsConcatenateCentresAndMergeIdenticalOnes() {
        RkhsFunction sum = F.plus(G);
        assertThat(sum.size()).isEqualTo(10);
        double[] x = {0.3, -0.2, 1.1};
        assertClose(sum.value(x), valueByLoop(F, x) + valueByLoop(G, x), 1e-12, 1e-12);
        // Same centres: coefficients add, no growth.
        assertThat(F.plus(F).size()).isEqualTo(6);
        assertClose(F.plus(F).coefficients(), F.coefficients().mul(2), 0, 0);
        // f + g - f on concatenated centres (16 of them) merges back to 10 distinct centres with g unchanged.
        RkhsFunction back = F.plus(G).minus(F);
        assertThat(back.size()).isEqualTo(16);
        RkhsFunction merged = back.merged();
        assertThat(merged.size()).isEqualTo(10);
        assertClose(merged.value(x), valueByLoop(G, x), 1e-12, 1e-12);
        // Written on G's centres, the zero coefficients of F's centres vanish.
        RkhsFunction onG = back.onCentres(G.centres());
        assertClose(onG.coefficients(), G.coefficients(), 1e-15, 1e-15);
    }

    @Test
    void badInputNamesArgumentAndValue() {
        assertThatThrownBy(() -> F.inner(RkhsFunction.representer(new RbfKernel(2.0), 0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("g has kernel RbfKernel[variance=1.0, lengthScale=2.0]")
                .hasMessageContaining("expected the same kernel");
        assertThatThrownBy(() -> F.plus(RkhsFunction.representer(K, 0, 0)))
                .hasMessageContaining("g has input dimension 2");
        assertThatThrownBy(() -> F.value(1, 2)).hasMessageContaining("point = [1.0, 2.0]").hasMessageContaining("d = 3");
        assertThatThrownBy(() -> RkhsFunction.of(K, gaussian(1, 3, 2), Nd4j.createFromArray(1.0, 2.0)))
                .hasMessageContaining("coefficients has shape [2]").hasMessageContaining("length 3");
        assertThatThrownBy(() -> RkhsFunction.of(K, gaussian(1, 2, 2), Nd4j.createFromArray(1.0, Double.NaN)))
                .hasMessageContaining("coefficients contains NaN at [1]");
        INDArray badCentres = gaussian(1, 2, 2);
        badCentres.putScalar(0, 0, Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> RkhsFunction.zero(new LinearKernel(), badCentres))
                .hasMessageContaining("centres contains -Infinity at [0, 0]");
        assertThatThrownBy(() -> F.onCentres(G.centres())).hasMessageContaining("is not a row of centres");
        assertThatThrownBy(() -> F.times(Double.NaN)).hasMessageContaining("s = NaN");
    }

    @Test
    void functionsOfTwoCallsForTheSameInfiniteWidthKernelLiveInOneSpace() {
        DenseStack stack = DenseStack.fullyConnected(2, Activations.relu(), 1.4, 0.2);
        Kernel first = InfiniteWidth.of(stack).ntk();
        Kernel second = InfiniteWidth.of(DenseStack.fullyConnected(2, Activations.relu(), 1.4, 0.2)).ntk();
        RkhsFunction f = RkhsFunction.of(first, gaussian(5, 3, 2), gaussian(6, 3, 1).reshape(3));
        RkhsFunction g = RkhsFunction.of(second, gaussian(7, 2, 2), gaussian(8, 2, 1).reshape(2));
        INDArray x = gaussian(9, 4, 2);
        // independent route: the two functions evaluated separately and added
        assertClose(f.plus(g).apply(x), f.apply(x).add(g.apply(x)), 1e-13, 1e-14);
        assertClose(f.inner(g), g.inner(f), 1e-13, 1e-14);
        assertThatThrownBy(() -> f.plus(RkhsFunction.of(InfiniteWidth.of(stack).nngp(), g.centres(), g.coefficients())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected the same kernel");
    }

    @Test
    void inputsAndOutputsAreCopies() {
        INDArray x = gaussian(10, 3, 2);
        INDArray b = gaussian(11, 3, 1).reshape(3);
        RkhsFunction f = RkhsFunction.of(K, x, b);
        double before = f.value(0.3, -0.2);
        x.addi(1);
        b.muli(5);
        f.centres().addi(1);
        f.coefficients().muli(5);
        assertThat(f.value(0.3, -0.2)).isEqualTo(before);
    }
}
