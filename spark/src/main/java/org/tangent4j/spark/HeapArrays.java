package org.tangent4j.spark;

import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies between Java arrays (what Spark caches and serializes) and ND4J's native arrays as one bulk copy of the
 * buffer each ({@code Nd4j.create(double[])} and {@code DataBuffer.asDouble()} copy element by element, several times
 * slower on tiles of 2,048^2 entries).
 */
final class HeapArrays {

    private HeapArrays() {
    }

    /** A new native float64 [rows, cols] row-major array holding {@code v}. */
    static INDArray of(double[] v, int rows, int cols) {
        check(v.length, rows, cols);
        INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {rows, cols}, 'c');
        a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().put(v);
        return a;
    }

    /** A new native float32 [rows, cols] row-major array holding {@code v}. */
    static INDArray of(float[] v, int rows, int cols) {
        check(v.length, rows, cols);
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, new long[] {rows, cols}, 'c');
        a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(v);
        return a;
    }

    /** The entries of a float64 matrix, row-major. */
    static double[] doubles(INDArray m) {
        INDArray c = dense(m, DataType.DOUBLE);
        double[] v = new double[(int) c.length()];
        c.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().get(v);
        return v;
    }

    /** The entries of a float32 matrix, row-major. */
    static float[] floats(INDArray m) {
        INDArray c = dense(m, DataType.FLOAT);
        float[] v = new float[(int) c.length()];
        c.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().get(v);
        return v;
    }

    /** m itself when it is a row-major array of its own buffer from offset 0, else a row-major copy. */
    static INDArray dense(INDArray m, DataType type) {
        if (m.dataType() != type) {
            throw new IllegalArgumentException("array of type " + m.dataType() + ": expected " + type);
        }
        boolean own = m.ordering() == 'c' && !m.isView() && m.offset() == 0 && m.data().length() == m.length();
        return own ? m : m.dup('c');
    }

    private static void check(int length, int rows, int cols) {
        if ((long) rows * cols != length) {
            throw new IllegalArgumentException(length + " values: expected rows x cols = " + rows + " x " + cols);
        }
    }
}
