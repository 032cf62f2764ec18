package org.tangent4j.core.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;

/** Argument validation shared by the stock kernels: finite float64 [N, d] point sets with a common d. */
final class Points {

    private Points() {
    }

    /** Checks x1 and x2 ([N1, d] and [N2, d], finite) and returns them as float64. */
    static INDArray[] pair(INDArray x1, INDArray x2) {
        INDArray a = Checks.finiteMatrix("x1", x1);
        INDArray b = Checks.finiteMatrix("x2", x2);
        Checks.columns("x2", b, a.columns(), "the input dimension d of x1");
        return new INDArray[] {a, b};
    }

    /** Checks a single point set x ([N, d], finite). */
    static INDArray single(INDArray x) {
        return Checks.finiteMatrix("x", x);
    }

    /** Row-wise squared norms |x_i|^2 as an [N, 1] column. */
    static INDArray squaredNorms(INDArray x) {
        return x.mul(x).sum(true, 1).reshape(x.rows(), 1);
    }
}
