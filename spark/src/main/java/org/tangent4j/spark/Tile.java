package org.tangent4j.spark;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.tiles.Storage;

/**
 * One stored tile (bi, bj) of a Gram matrix as Spark caches it: its entries row-major on the Java heap (so that
 * Spark's memory accounting sees them), float64 or float32 as the storage precision says, with the rounding error the
 * storage introduced.
 */
final class Tile implements Serializable {

    private static final long serialVersionUID = 1L;

    final int bi;
    final int bj;
    final int rows;
    final int cols;
    private final double[] float64;
    private final float[] float32;
    final double roundingError;

    /** From the tile as stored by a core {@link org.tangent4j.core.tiles.TileStore} (its storage data type). */
    Tile(int bi, int bj, INDArray stored, double roundingError) {
        this.bi = bi;
        this.bj = bj;
        this.rows = (int) stored.rows();
        this.cols = (int) stored.columns();
        INDArray c = stored.ordering() == 'c' && !stored.isView() ? stored : stored.dup('c');
        this.float64 = c.dataType() == DataType.DOUBLE ? c.data().asDouble() : null;
        this.float32 = c.dataType() == DataType.FLOAT ? c.data().asFloat() : null;
        if (float64 == null && float32 == null) {
            throw new IllegalArgumentException("tile of type " + c.dataType() + ": expected DOUBLE or FLOAT");
        }
        this.roundingError = roundingError;
    }

    /** The storage precision. */
    Storage storage() {
        return float64 != null ? Storage.FLOAT64 : Storage.FLOAT32;
    }

    /** The tile in float64 (float32 entries widened exactly), [rows, cols] row-major, a new native array. */
    INDArray toFloat64() {
        if (float64 != null) {
            return Nd4j.create(float64, new long[] {rows, cols}, 'c');
        }
        INDArray f = Nd4j.create(float32, new long[] {rows, cols}, 'c');
        INDArray d = f.castTo(DataType.DOUBLE);
        f.close();
        return d;
    }

    /** The tile as stored (float64 or float32), [rows, cols] row-major, a new native array. */
    INDArray toStored() {
        return float64 != null ? Nd4j.create(float64, new long[] {rows, cols}, 'c') : Nd4j.create(float32, new long[] {rows, cols}, 'c');
    }

    /** The diagonal of a diagonal tile (bi = bj), in float64. */
    double[] diagonal() {
        double[] d = new double[rows];
        for (int i = 0; i < rows; i++) {
            d[i] = float64 != null ? float64[i * cols + i] : float32[i * cols + i];
        }
        return d;
    }

    /** Bytes of the entries. */
    long bytes() {
        return (long) rows * cols * (float64 != null ? 8 : 4);
    }
}
