package org.tangent4j.spark;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.tiles.Storage;

/**
 * One stored tile (bi, bj) of a Gram matrix as Spark caches it: its entries row-major on the Java heap (so that
 * Spark's memory accounting sees them), float64 or float32 as the storage precision says, with the rounding error the
 * storage introduced. Serialized compactly: the entries as one block of little-endian bytes (a bulk copy), not element
 * by element as Java serialization writes a {@code double[]}.
 */
final class Tile implements Serializable {

    private static final long serialVersionUID = 1L;

    final int bi;
    final int bj;
    final int rows;
    final int cols;
    private transient double[] float64;
    private transient float[] float32;
    final double roundingError;
    /** The native copy of this JVM, if any ({@link NativeTiles}; guarded by its lock; never serialized). */
    transient NativeTiles.Copy nativeCopy;

    /** From the tile as stored by a core {@link org.tangent4j.core.tiles.TileStore} (its storage data type). */
    Tile(int bi, int bj, INDArray stored, double roundingError) {
        this(bi, bj, stored, roundingError, true);
    }

    private Tile(int bi, int bj, INDArray stored, double roundingError, boolean entries) {
        this.bi = bi;
        this.bj = bj;
        this.rows = (int) stored.rows();
        this.cols = (int) stored.columns();
        if (stored.dataType() != DataType.DOUBLE && stored.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("tile of type " + stored.dataType() + ": expected DOUBLE or FLOAT");
        }
        this.float64 = entries && stored.dataType() == DataType.DOUBLE ? HeapArrays.doubles(stored) : null;
        this.float32 = entries && stored.dataType() == DataType.FLOAT ? HeapArrays.floats(stored) : null;
        this.roundingError = roundingError;
    }

    /**
     * The marker of a tile whose native array was left for the driver in this JVM ({@link LocalHandoff}): its
     * position, shape and rounding error, no entries.
     */
    static Tile handedOver(int bi, int bj, INDArray stored, double roundingError) {
        return new Tile(bi, bj, stored, roundingError, false);
    }

    /** Whether this is the marker of a tile left in a {@link LocalHandoff} (it holds no entries). */
    boolean handedOver() {
        return float64 == null && float32 == null;
    }

    /** The storage precision. */
    Storage storage() {
        entries();
        return float64 != null ? Storage.FLOAT64 : Storage.FLOAT32;
    }

    private void entries() {
        if (handedOver()) {
            throw new IllegalStateException("tile (" + bi + ", " + bj + ") was handed over in its JVM: it holds no entries");
        }
    }

    /** The tile in float64 (float32 entries widened exactly), [rows, cols] row-major, a new native array. */
    INDArray toFloat64() {
        entries();
        if (float64 != null) {
            return HeapArrays.of(float64, rows, cols);
        }
        INDArray f = HeapArrays.of(float32, rows, cols);
        INDArray d = f.castTo(DataType.DOUBLE);
        f.close();
        return d;
    }

    /** The tile as stored (float64 or float32), [rows, cols] row-major, a new native array. */
    INDArray toStored() {
        entries();
        return float64 != null ? HeapArrays.of(float64, rows, cols) : HeapArrays.of(float32, rows, cols);
    }

    /** Copies the entries as stored (float64 or float32, row-major) to the start of {@code out} (native byte order). */
    void copyInto(java.nio.ByteBuffer out) {
        if (float64 != null) {
            out.asDoubleBuffer().put(float64);
        } else {
            out.asFloatBuffer().put(float32);
        }
    }

    /** Entry (r, c), in float64. */
    double entry(int r, int c) {
        return float64 != null ? float64[r * cols + c] : float32[r * cols + c];
    }

    /** The diagonal of a diagonal tile (bi = bj), in float64. */
    double[] diagonal() {
        double[] d = new double[rows];
        for (int i = 0; i < rows; i++) {
            d[i] = float64 != null ? float64[i * cols + i] : float32[i * cols + i];
        }
        return d;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
        out.writeByte(handedOver() ? 0 : float64 != null ? 1 : 2);
        if (handedOver()) {
            return;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (float64 != null) {
            b.asDoubleBuffer().put(float64);
        } else {
            b.asFloatBuffer().put(float32);
        }
        out.write(b.array());
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte kind = in.readByte();
        if (kind == 0) {
            return;
        }
        boolean f64 = kind == 1;
        byte[] bytes = new byte[rows * cols * (f64 ? 8 : 4)];
        in.readFully(bytes);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (f64) {
            float64 = new double[rows * cols];
            b.asDoubleBuffer().get(float64);
        } else {
            float32 = new float[rows * cols];
            b.asFloatBuffer().get(float32);
        }
    }

    /** Bytes of the entries. */
    long bytes() {
        return handedOver() ? 0 : (long) rows * cols * (float64 != null ? 8 : 4);
    }
}
