package org.tangent4j.core.solvers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A symmetric positive-definite n x n matrix M known only through products with blocks of vectors: all an iterative
 * solver needs of K + lambda I. Implementations may stream tiles from memory or disk, or distribute the product.
 */
public interface BlockOperator {

    /** n. */
    int size();

    /**
     * M V for a float64 [n, k] block V.
     *
     * @return a new float64 [n, k] block
     */
    INDArray multiply(INDArray block);

    /** M + s I (s &gt;= 0), by one extra axpy per product. */
    default BlockOperator plusIdentity(double s) {
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("shift = " + s + ": expected a finite number >= 0");
        }
        BlockOperator m = this;
        return new BlockOperator() {
            @Override
            public int size() {
                return m.size();
            }

            @Override
            public INDArray multiply(INDArray block) {
                return s == 0 ? m.multiply(block) : m.multiply(block).addi(block.mul(s));
            }
        };
    }
}
