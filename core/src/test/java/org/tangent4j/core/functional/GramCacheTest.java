package org.tangent4j.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tangent4j.core.testing.Numeric.gaussian;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.rkhs.RkhsFunction;

class GramCacheTest {

    private static final INDArray X = gaussian(41, 6, 2);
    private static final INDArray Z = gaussian(42, 4, 2);

    @Test
    void equalKernelsFromSeparateCallsHitTheCache() {
        DenseStack stack = DenseStack.fullyConnected(1, Activations.relu(), 1.2, 0.3);
        GramCache cache = new GramCache();
        RkhsFunction f = RkhsFunction.zero(InfiniteWidth.of(stack).ntk(), X);
        RkhsFunction g = RkhsFunction.zero(InfiniteWidth.of(stack).ntk(), X);
        INDArray first = cache.gram(Z, f);
        assertThat(cache.gram(Z, g)).isSameAs(first);
        // another kernel or other centres are a miss, never a stale hit
        assertThat(cache.gram(Z, RkhsFunction.zero(InfiniteWidth.of(stack).nngp(), X))).isNotSameAs(first);
        assertThat(cache.gram(Z, RkhsFunction.zero(new RbfKernel(1.0), X))).isNotEqualTo(first);
        INDArray moved = X.dup();
        moved.putScalar(0, 0, X.getDouble(0, 0) + 1e-12);
        INDArray other = cache.gram(Z, RkhsFunction.zero(new RbfKernel(1.0), moved));
        assertThat(cache.gram(Z, RkhsFunction.zero(new RbfKernel(1.0), X))).isNotSameAs(other);
    }
}
