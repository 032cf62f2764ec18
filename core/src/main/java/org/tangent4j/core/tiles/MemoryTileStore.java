package org.tangent4j.core.tiles;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Tiles held as ND4J arrays in (off-heap) memory, float64 or float32. */
public final class MemoryTileStore extends AbstractTileStore {

    private final INDArray[][] tiles;

    public MemoryTileStore(TileGrid grid, Storage storage) {
        super(grid, storage);
        this.tiles = new INDArray[grid.rowBlocks()][grid.colBlocks()];
    }

    @Override
    public synchronized boolean has(int bi, int bj) {
        return grid().isStored(bi, bj) && tiles[bi][bj] != null;
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
        return storage() == Storage.FLOAT64 ? t : scratch.assign(t);
    }

    @Override
    public double write(int bi, int bj, INDArray tile) {
        Rounded r = round(bi, bj, tile);
        synchronized (this) {
            tiles[bi][bj] = r.stored();
            finished(bi, bj, r.error());
        }
        return r.error();
    }

    /** Frees every stored tile's native memory; the store is empty afterwards. */
    @Override
    public synchronized void release() {
        for (INDArray[] row : tiles) {
            for (int j = 0; j < row.length; j++) {
                if (row[j] != null) {
                    row[j].close();
                    row[j] = null;
                }
            }
        }
    }
}
