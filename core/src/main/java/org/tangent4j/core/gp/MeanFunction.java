package org.tangent4j.core.gp;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;

/** The prior mean m(x) of a Gaussian process, evaluated at the rows of a point set. */
@FunctionalInterface
public interface MeanFunction {

    /**
     * m at each row of x.
     *
     * @param x [N, d]
     * @return [N]
     */
    INDArray at(INDArray x);

    /** m(x) = 0. */
    static MeanFunction zero() {
        return constant(0);
    }

    /** m(x) = c. */
    static MeanFunction constant(double c) {
        Checks.finite("c", c);
        return x -> Nd4j.valueArrayOf(new long[] {x.rows()}, c, DataType.DOUBLE);
    }
}
