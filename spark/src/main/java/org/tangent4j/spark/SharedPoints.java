package org.tangent4j.spark;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float64 [rows, cols] matrix (points as rows, or a block of vectors) as a Spark broadcast value: row-major on the
 * Java heap when it travels, one native ND4J copy per JVM built on first use. Serialized as one block of
 * little-endian bytes (a bulk copy), as {@link Tile} is: Java serialization converts a {@code double[]} element by
 * element, which was the largest part of broadcasting the 8,000 x 784 training points.
 */
final class SharedPoints implements Serializable {

    private static final long serialVersionUID = 1L;

    private transient double[] values;
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

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        out.write(b.array());
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte[] bytes = new byte[8 * rows * cols];
        in.readFully(bytes);
        values = new double[rows * cols];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    }

    /** Bytes of the values. */
    long bytes() {
        return 8L * values.length;
    }
}
