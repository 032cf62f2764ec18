package org.tangent4j.core.tiles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Helpers shared by the stores. */
final class Tiles {

    private Tiles() {
    }

    static void checkShape(TileGrid grid, int bi, int bj, INDArray tile) {
        if (!grid.isStored(bi, bj)) {
            throw new IllegalArgumentException("tile (" + bi + ", " + bj + ") is not stored by " + grid);
        }
        if (tile.rank() != 2 || tile.rows() != grid.rowSize(bi) || tile.columns() != grid.colSize(bj)) {
            throw new IllegalArgumentException("tile (" + bi + ", " + bj + ") has shape " + Arrays.toString(tile.shape())
                    + ": expected [" + grid.rowSize(bi) + ", " + grid.colSize(bj) + "]");
        }
    }

    /**
     * A fresh row-major copy of a tile in the storage's type, rounded to nearest as a cast rounds: one native
     * allocation. ({@code castTo} followed by {@code dup} made two, and the first was left for the garbage collector:
     * 64 MB per float32 tile of 4,096, 7.7 GB over the 60,000-image train-train matrix, resident until a collection.)
     */
    static INDArray storedCopy(INDArray tile, Storage storage) {
        return Nd4j.createUninitialized(storage.dataType(), tile.shape(), 'c').assign(tile);
    }

    /** max |t - stored| computed in float64. */
    static double roundingError(INDArray tile, INDArray stored) {
        INDArray back = stored.castTo(DataType.DOUBLE);
        double e = Transforms.abs(back.subi(tile.castTo(DataType.DOUBLE)), false).maxNumber().doubleValue();
        back.close();
        return e;
    }

    /** CRC-32C of an array's shape and its float64 values (little-endian), as 8 hex digits: identifies a data set. */
    static String fingerprint(INDArray x) {
        CRC32C crc = new CRC32C();
        ByteBuffer shape = ByteBuffer.allocate(8 * x.rank()).order(ByteOrder.LITTLE_ENDIAN);
        for (long s : x.shape()) {
            shape.putLong(s);
        }
        crc.update(shape.flip());
        INDArray c = x.castTo(DataType.DOUBLE).dup('c');
        ByteBuffer data = c.data().asNio().order(ByteOrder.nativeOrder());
        data.limit((int) Math.min(Integer.MAX_VALUE, c.length() * 8L));
        crc.update(data);
        return String.format("%08x", crc.getValue());
    }
}
