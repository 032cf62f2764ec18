package org.tangent4j.spark;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float64 [rows, cols] matrix (points as rows, or a block of vectors) as a Spark broadcast value: row-major on the
 * Java heap when it travels, one native ND4J copy per JVM built on first use.
 */
final class SharedPoints implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] values;
    private final int rows;
    private final int cols;
    private transient volatile INDArray array;

    SharedPoints(INDArray m) {
        INDArray c = m.castTo(DataType.DOUBLE).dup('c');
        this.rows = (int) c.rows();
        this.cols = (int) c.columns();
        this.values = HeapArrays.doubles(c);
    }

    /** The matrix (shared: do not modify it). */
    INDArray array() {
        INDArray a = array;
        if (a == null) {
            synchronized (this) {
                a = array;
                if (a == null) {
                    a = HeapArrays.of(values, rows, cols);
                    array = a;
                }
            }
        }
        return a;
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    /** Bytes of the values. */
    long bytes() {
        return 8L * values.length;
    }
}
