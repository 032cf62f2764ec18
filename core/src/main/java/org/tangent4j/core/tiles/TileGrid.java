package org.tangent4j.core.tiles;

/**
 * The partition of an [rows, cols] matrix into square tiles of side {@code tile} (the last row and column of tiles
 * are smaller when the side does not divide the size: no divisibility constraint). A symmetric grid (rows = cols)
 * stores only the tiles (bi, bj) with bi &lt;= bj; tile (bj, bi) is the transpose of (bi, bj).
 *
 * @param rows number of rows N1 &gt; 0
 * @param cols number of columns N2 &gt; 0
 * @param tile tile side &gt; 0
 * @param symmetric whether only the upper tiles are stored (needs rows = cols)
 */
public record TileGrid(int rows, int cols, int tile, boolean symmetric) {

    public TileGrid {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("rows = " + rows + ", cols = " + cols + ": expected a non-empty matrix");
        }
        if (tile <= 0) {
            throw new IllegalArgumentException("tile = " + tile + ": expected a positive tile side");
        }
        if (symmetric && rows != cols) {
            throw new IllegalArgumentException("symmetric grid of " + rows + " x " + cols + ": expected a square matrix");
        }
    }

    /** Number of row blocks, ceil(rows / tile). */
    public int rowBlocks() {
        return (rows + tile - 1) / tile;
    }

    /** Number of column blocks, ceil(cols / tile). */
    public int colBlocks() {
        return (cols + tile - 1) / tile;
    }

    /** First row (or column) of block b. */
    public int start(int b) {
        return b * tile;
    }

    /** Rows in row block b. */
    public int rowSize(int b) {
        return Math.min(tile, rows - b * tile);
    }

    /** Columns in column block b. */
    public int colSize(int b) {
        return Math.min(tile, cols - b * tile);
    }

    /** Whether tile (bi, bj) is stored (all tiles, or bi &lt;= bj when symmetric). */
    public boolean isStored(int bi, int bj) {
        return bi >= 0 && bj >= 0 && bi < rowBlocks() && bj < colBlocks() && (!symmetric || bi <= bj);
    }

    /** Number of stored tiles. */
    public int storedTiles() {
        int r = rowBlocks();
        return symmetric ? r * (r + 1) / 2 : r * colBlocks();
    }

    /** Number of stored matrix entries (what the storage holds). */
    public long storedEntries() {
        long s = 0;
        for (int[] t : storedKeys()) {
            s += (long) rowSize(t[0]) * colSize(t[1]);
        }
        return s;
    }

    /** The stored tiles (bi, bj), row block by row block: for a symmetric grid only bi &lt;= bj. */
    public java.util.List<int[]> storedKeys() {
        java.util.List<int[]> keys = new java.util.ArrayList<>();
        for (int bi = 0; bi < rowBlocks(); bi++) {
            for (int bj = symmetric ? bi : 0; bj < colBlocks(); bj++) {
                keys.add(new int[] {bi, bj});
            }
        }
        return keys;
    }
}
