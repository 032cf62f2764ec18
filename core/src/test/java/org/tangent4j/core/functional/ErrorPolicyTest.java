package org.tangent4j.core.functional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.gaussian;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.failure.NumericalFailureException;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.linalg.Cholesky;
import org.tangent4j.core.rkhs.RkhsFunction;

/** The error policy of org.tangent4j.core.failure: one exception type per kind of failure, each naming what failed. */
class ErrorPolicyTest {

    @Test
    void nullIsANullPointerExceptionNamingTheArgument() {
        assertThatThrownBy(() -> RkhsFunction.of(null, gaussian(1, 2, 2), gaussian(2, 2, 1).reshape(2)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("kernel = null");
        assertThatThrownBy(() -> new RbfKernel(1.0).gram(null, gaussian(1, 2, 2)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("x1 = null");
        assertThatThrownBy(() -> Functional.empirical(PointwiseLoss.squared(), gaussian(1, 3, 2), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("targets = null");
        assertThatThrownBy(() -> FunctionalGradientDescent.run(Functional.squaredNorm(), null, 0.1, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("start = null");
        assertThatThrownBy(() -> Functional.squaredNorm().plus(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("other = null");
    }

    @Test
    void aBadArgumentIsAnIllegalArgumentExceptionWithNameValueAndExpectation() {
        assertThatThrownBy(() -> new RbfKernel(-2.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lengthScale = -2.0").hasMessageContaining("expected");
        assertThatThrownBy(() -> FunctionalGradientDescent.run(Functional.squaredNorm(), RkhsFunction.zero(new RbfKernel(1.0),
                gaussian(1, 3, 2)), 0.1, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps = -1");
    }

    @Test
    void aNumericalFailureIsANumericalFailureException() {
        // [[1, 2], [2, 1]] has eigenvalues 3 and -1: not positive definite for any jitter tried here
        assertThatThrownBy(() -> Cholesky.of("a", Nd4j.createFromArray(new double[][] {{1, 2}, {2, 1}})))
                .isInstanceOf(NumericalFailureException.class).hasMessageContaining("a (2 x 2) is not positive definite");
    }
}
