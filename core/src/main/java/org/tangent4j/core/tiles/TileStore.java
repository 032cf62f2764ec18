package org.tangent4j.core.tiles;

/**
 * Where the tiles of one matrix live: in memory ({@link MemoryTileStore}), in a directory on disk read through
 * memory maps ({@link DiskTileStore}), or elsewhere (e.g. a cluster's block cache). A tile is written once, whole;
 * {@link #has} is true only after a write completed, so an interrupted computation resumes with the missing tiles.
 * Implementations are safe for concurrent reads of different tiles.
 */
public interface TileStore {

    /** The tiling. */
    TileGrid grid();

    /** The storage precision. */
    Storage storage();

    /** Whether tile (bi, bj) is finished (stored and, for a store that can be damaged, intact as recorded). */
    boolean has(int bi, int bj);

    /**
     * Tile (bi, bj) as stored ([rowSize(bi), colSize(bj)], of {@link #storage()}'s data type), only for stored
     * (bi, bj).
     *
     * @throws IllegalStateException when the tile is not finished or fails its integrity check
     */
    org.nd4j.linalg.api.ndarray.INDArray read(int bi, int bj);

    /**
     * Whether {@link #read} returns a new array per call (which the caller then owns and may close at once to free
     * its native memory) rather than the stored array itself.
     */
    default boolean readsCopies() {
        return true;
    }

    /**
     * Tile (bi, bj) in float64 for arithmetic: the stored array itself when it is float64 in memory (do not modify
     * it), otherwise {@code scratch} (a float64 [rowSize(bi), colSize(bj)] row-major array) filled with it.
     */
    org.nd4j.linalg.api.ndarray.INDArray readFloat64(int bi, int bj, org.nd4j.linalg.api.ndarray.INDArray scratch);

    /**
     * Stores tile (bi, bj), given in float64, rounding to the storage precision; returns the largest absolute
     * rounding error max |t - stored(t)| (0 for FLOAT64).
     */
    double write(int bi, int bj, org.nd4j.linalg.api.ndarray.INDArray tile);

    /** The largest absolute rounding error of all finished tiles (0 for FLOAT64). */
    double roundingError();

    /**
     * Frees what the store holds in memory now rather than at a garbage collection: a memory store's tiles (it is
     * empty afterwards). A store on disk keeps its files. Nothing else may read the store's tiles after this.
     */
    default void release() {
    }
}
