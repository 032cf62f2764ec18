package org.tangent4j.core.tiles;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every {@link TileStore} keeps the same way: its grid and storage precision, the rounding of a written tile to
 * that precision, and the rounding error of each finished tile, whose maximum is {@link #roundingError()}. A store adds
 * where the tiles live ({@link #has}, {@link #read}, {@link #readFloat64}, {@link #write}).
 */
public abstract class AbstractTileStore implements TileStore {

    private final TileGrid grid;
    private final Storage storage;
    private final double[][] errors;

    protected AbstractTileStore(TileGrid grid, Storage storage) {
        this.grid = grid;
        this.storage = storage;
        this.errors = new double[grid.rowBlocks()][grid.colBlocks()];
    }

    @Override
    public final TileGrid grid() {
        return grid;
    }

    @Override
    public final Storage storage() {
        return storage;
    }

    /**
     * A tile rounded to the storage precision.
     *
     * @param stored a new row-major array of the storage's data type
     * @param error max |t - stored(t)| computed in float64 (0 for FLOAT64)
     */
    public record Rounded(INDArray stored, double error) {
    }

    /**
     * Tile (bi, bj), given in float64, rounded to the storage precision.
     *
     * @throws IllegalArgumentException if (bi, bj) is not a stored tile of the grid or the tile's shape is not its own
     */
    protected final Rounded round(int bi, int bj, INDArray tile) {
        Tiles.checkShape(grid, bi, bj, tile);
        INDArray stored = Tiles.storedCopy(tile, storage);
        if (storage == Storage.FLOAT64) {
            return new Rounded(stored, 0);
        }
        return new Rounded(stored, Tiles.roundingError(tile, stored));
    }

    /** Records the rounding error of tile (bi, bj), finished now (or found finished). */
    protected final synchronized void finished(int bi, int bj, double error) {
        errors[bi][bj] = error;
    }

    @Override
    public final synchronized double roundingError() {
        double m = 0;
        for (int bi = 0; bi < grid.rowBlocks(); bi++) {
            for (int bj = 0; bj < grid.colBlocks(); bj++) {
                if (has(bi, bj)) {
                    m = Math.max(m, errors[bi][bj]);
                }
            }
        }
        return m;
    }
}
