package org.tangent4j.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;
import org.tangent4j.core.kernel.LinearKernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.rkhs.RkhsFunction;

class FunctionalGradientDescentTest {

    private static final INDArray X = gaussian(31, 20, 2);
    private static final INDArray Y = gaussian(32, 20, 1).reshape(20);

    @Test
    void convergesToTheClosedFormRidgeSolution() {
        RbfKernel k = new RbfKernel(1.0, 1.0);
        double lambda = 5.0;
        KernelRidge ridge = new KernelRidge(X, Y, lambda);
        // Independent route: beta = (K + lambda I)^-1 y with an explicit LU inverse (K + 5 I has cond ~ 3).
        INDArray a = k.gram(X).add(Nd4j.eye(20).castTo(DataType.DOUBLE).mul(lambda));
        INDArray beta = InvertMatrix.invert(a, false).mmul(Y.reshape(20, 1)).reshape(20);
        assertClose(ridge.solve(k).coefficients(), beta, 1e-12, 1e-12);

        // With alpha = half the bound, the error in eigen-direction i contracts by |1 - (mu_i + lambda) / (mu_max + lambda)|
        // per step, at most 1 - lambda / (lambda_max(K) + lambda) ~ 0.62 here (lambda_max(K) ~ 8): 80 steps reach
        // ~1e-17 relative, far below the 1e-8 asked.
        double step = 0.5 * ridge.stabilityBound(k);
        Trajectory run = FunctionalGradientDescent.run(ridge.objective(), RkhsFunction.zero(k, X), step, 80);
        assertThat(run.last().size()).isEqualTo(20);
        assertClose(run.last().coefficients(), beta, 1e-8, 1e-8);
        double[] losses = run.losses();
        assertThat(losses).hasSize(81);
        for (int t = 1; t < losses.length; t++) {
            // Monotone decrease (allowing 1e-12 relative round-off once converged).
            assertThat(losses[t]).isLessThanOrEqualTo(losses[t - 1] * (1 + 1e-12));
        }
        // The minimum of the objective equals L at the closed form.
        assertClose(losses[80], ridge.objective().value(ridge.solve(k)), 1e-10, 0);
    }

    /** Targets [n, 3]: one factorisation; equal to three one-output ridges and to the explicit LU inverse. */
    @Test
    void multiOutputRidgeEqualsSeparateRunsAndTheDirectFormula() {
        RbfKernel k = new RbfKernel(1.0, 1.0);
        INDArray y3 = gaussian(33, 20, 3);
        KernelRidge ridge = new KernelRidge(X, y3, 2.0);
        assertThat(ridge.outputs()).isEqualTo(3);
        INDArray beta = ridge.coefficients(k);
        assertThat(beta.shape()).containsExactly(20, 3);
        INDArray a = k.gram(X).add(Nd4j.eye(20).castTo(DataType.DOUBLE).mul(2.0));
        assertClose(beta, InvertMatrix.invert(a, false).mmul(y3), 1e-12, 1e-12);
        var each = ridge.solveEach(k);
        assertThat(each).hasSize(3);
        for (int c = 0; c < 3; c++) {
            INDArray single = new KernelRidge(X, y3.getColumn(c).dup(), 2.0).solve(k).coefficients();
            assertClose(each.get(c).coefficients(), single, 1e-13, 1e-14);
        }
        assertThatThrownBy(ridge::objective).hasMessageContaining("targets has shape [20, 3]");
        assertThatThrownBy(() -> new KernelRidge(X, gaussian(1, 19, 3), 1)).hasMessageContaining("targets has shape [19, 3]");
    }

    @Test
    void stabilityBoundIsTwoOverTheHessiansLargestEigenvalue() {
        RbfKernel k = new RbfKernel(1.0, 1.0);
        KernelRidge ridge = new KernelRidge(X, Y, 0.5);
        // Independent route: 2 (lambda_max(K) + lambda) from power iteration on K.
        INDArray km = k.gram(X);
        INDArray v = Nd4j.ones(DataType.DOUBLE, 20, 1);
        for (int i = 0; i < 500; i++) {
            v = km.mmul(v);
            v.divi(v.norm2Number());
        }
        double lambdaMax = v.transpose().mmul(km).mmul(v).getDouble(0);
        assertClose(ridge.hessianLargestEigenvalue(k), 2 * (lambdaMax + 0.5), 1e-10, 0);
        assertClose(ridge.objective().curvatureBound(k).getAsDouble(), 2 * (lambdaMax + 0.5), 1e-10, 0);
        double bound = ridge.stabilityBound(k);
        assertThatThrownBy(() -> FunctionalGradientDescent.run(ridge.objective(), RkhsFunction.zero(k, X), 1.01 * bound, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step = " + 1.01 * bound + " diverges")
                .hasMessageContaining("2 / lambda_max = " + bound)
                .hasMessageContaining("lambda_max = " + 2 / bound);
        assertThatThrownBy(() -> FunctionalGradientDescent.run(ridge.objective(), RkhsFunction.zero(k, X), -0.1, 10))
                .hasMessageContaining("step = -0.1");
        assertThatThrownBy(() -> new KernelRidge(X, Y, -1)).hasMessageContaining("lambda = -1.0");
        // Centres that miss the data points: the representation cannot stay fixed.
        INDArray fewer = X.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertThatThrownBy(() -> FunctionalGradientDescent.run(ridge.objective(), RkhsFunction.zero(k, fewer), 0.5 * bound, 3))
                .hasMessageContaining("start has 5 centres but the gradient at step 1 has a centre outside them");
    }

    @Test
    void nonFiniteLossStopsTheRunWithAClearError() {
        RbfKernel k = new RbfKernel(1.0, 1.0);
        // Composing with the identity hides the curvature bound, so an absurd step (1e60) is only caught when the
        // loss overflows: beta grows by ~1e61 per step, the loss by ~1e122, so it is infinite by step 3.
        Functional hidden = new KernelRidge(X, Y, 0.5).objective().compose(u -> u, u -> 1);
        assertThatThrownBy(() -> FunctionalGradientDescent.run(hidden, RkhsFunction.zero(k, X), 1e60, 10_000))
                .isInstanceOf(org.tangent4j.core.failure.DivergenceException.class)
                .hasMessageContaining("with step size 1.0E60")
                .hasMessageContaining("gradient descent diverged");
    }

    @Test
    void parameterSpaceAndFunctionSpaceGiveTheSameFunctionAtEveryStep() {
        // The linear-model example: f(x) = w^T x, L = sum (y_i - w^T x_i)^2 + |w|^2, versus FGD with k(x, x') = x^T x'.
        INDArray x = gaussian(41, 15, 3);
        INDArray y = gaussian(42, 15, 1).reshape(15);
        INDArray test = gaussian(43, 6, 3);
        LinearModelGradientDescent linear = new LinearModelGradientDescent(x, y, 1.0);
        KernelRidge ridge = new KernelRidge(x, y, 1.0);
        LinearKernel k = new LinearKernel();
        // Both bounds are 1 / (lambda_max(X^T X) + 1): X^T X and X X^T share their non-zero eigenvalues.
        assertClose(2 / linear.hessianLargestEigenvalue(), ridge.stabilityBound(k), 1e-12, 0);
        double step = 0.5 * ridge.stabilityBound(k);
        int steps = 60;
        LinearModelGradientDescent.Path path = linear.run(linear.zeroWeights(), step, steps);
        Trajectory run = FunctionalGradientDescent.run(ridge.objective(), RkhsFunction.zero(k, x), step, steps);
        for (int t = 0; t <= steps; t++) {
            INDArray w = path.weights().get(t).reshape(3, 1);
            // |values| ~ 1-3; the two recursions round differently: 1e-10 absolute.
            assertClose(run.iterates().get(t).apply(test), test.mmul(w).reshape(6), 0, 1e-10);
            assertClose(run.iterates().get(t).apply(x), x.mmul(w).reshape(15), 0, 1e-10);
            assertClose(run.losses()[t], path.losses()[t], 1e-10, 1e-10);
        }
        assertThatThrownBy(() -> linear.run(linear.zeroWeights(), 2.5 * step * 2, 5)).hasMessageContaining("diverges");
        assertThatThrownBy(() -> linear.run(Nd4j.zeros(DataType.DOUBLE, 2), step, 5)).hasMessageContaining("w has shape [2]");
    }
}
