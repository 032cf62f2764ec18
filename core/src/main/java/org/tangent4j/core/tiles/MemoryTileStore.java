package org.tangent4j.core.tiles;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Tiles held as ND4J arrays in (off-heap) memory, float64 or float32. */
public final class MemoryTileStore implements TileStore {

    private final TileGrid grid;
    private final Storage storage;
    private final INDArray[][] tiles;
    private final double[][] errors;

    public MemoryTileStore(TileGrid grid, Storage storage) {
        this.grid = grid;
        this.storage = storage;
        this.tiles = new INDArray[grid.rowBlocks()][grid.colBlocks()];
        this.errors = new double[grid.rowBlocks()][grid.colBlocks()];
    }

    @Override
    public TileGrid grid() {
        return grid;
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public synchronized boolean has(int bi, int bj) {
        return grid.isStored(bi, bj) && tiles[bi][bj] != null;
    }

    @Override
    public synchronized INDArray read(int bi, int bj) {
        if (!has(bi, bj)) {
            throw new IllegalStateException("tile (" + bi + ", " + bj + ") has not been computed");
        }
        return tiles[bi][bj];
    }

    @Override
    public boolean readsCopies() {
        return false;
    }

    @Override
    public INDArray readFloat64(int bi, int bj, INDArray scratch) {
        INDArray t = read(bi, bj);
        return storage == Storage.FLOAT64 ? t : scratch.assign(t);
    }

    @Override
    public double write(int bi, int bj, INDArray tile) {
        Tiles.checkShape(grid, bi, bj, tile);
        INDArray stored = Tiles.storedCopy(tile, storage);
        double error = storage == Storage.FLOAT64 ? 0 : roundingError(tile, stored);
        synchronized (this) {
            tiles[bi][bj] = stored;
            errors[bi][bj] = error;
        }
        return error;
    }

    /** max |t - stored| computed in float64. */
    static double roundingError(INDArray tile, INDArray stored) {
        INDArray back = stored.castTo(DataType.DOUBLE);
        double e = Transforms.abs(back.subi(tile.castTo(DataType.DOUBLE)), false).maxNumber().doubleValue();
        back.close();
        return e;
    }

    @Override
    public synchronized double roundingError() {
        double m = 0;
        for (double[] row : errors) {
            for (double e : row) {
                m = Math.max(m, e);
            }
        }
        return m;
    }
}
