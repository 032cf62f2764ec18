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
        put(bi, bj, r.stored(), r.error());
        return r.error();
    }

    /**
     * Takes tile (bi, bj) as it is, without a copy: {@code stored} was rounded to this store's precision already (the
     * {@link Rounded#stored()} of another store of the same storage, e.g. a Spark task's), and this store owns it now.
     *
     * @param error its rounding error max |t - stored(t)|, measured where it was rounded
     * @throws IllegalArgumentException if the tile's shape is not its own, or it is not a row-major array of its own of
     *     the storage's data type
     */
    public void adopt(int bi, int bj, INDArray stored, double error) {
        Tiles.checkShape(grid(), bi, bj, stored);
        if (stored.dataType() != storage().dataType() || stored.ordering() != 'c' || stored.isView()) {
            throw new IllegalArgumentException("tile (" + bi + ", " + bj + ") is a " + stored.dataType() + " array in order '"
                    + stored.ordering() + "'" + (stored.isView() ? " (a view)" : "") + ": expected a row-major "
                    + storage().dataType() + " array of its own, as " + storage() + " storage holds it");
        }
        if (!(error >= 0)) {
            throw new IllegalArgumentException("tile (" + bi + ", " + bj + ") rounding error = " + error + ": expected >= 0");
        }
        put(bi, bj, stored, error);
    }

    private synchronized void put(int bi, int bj, INDArray stored, double error) {
        tiles[bi][bj] = stored;
        finished(bi, bj, error);
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
