package org.tangent4j.spark;

import java.util.HashSet;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.tiles.AbstractTileStore;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.core.tiles.TileGrid;
import org.tangent4j.core.tiles.TileStore;

/**
 * The {@link TileStore} a Spark task hands to the single-machine {@link org.tangent4j.core.tiles.TiledGram#compute}:
 * every tile not assigned to the task reads as finished, so the core code computes exactly the assigned tiles, in its
 * row-major order and with its own calls to the kernel. Each written tile is rounded to the storage precision as every
 * store rounds it ({@link AbstractTileStore}) and passed on to a {@link Sink} at once; nothing is kept.
 */
final class TaskTileStore extends AbstractTileStore {

    /** Receives each tile as stored and its float64 value. */
    interface Sink {
        /**
         * Takes tile (bi, bj).
         *
         * @return true when the sink keeps {@code stored} (a new array of the store's: the sink then owns it), false when
         *     the store may free it
         */
        boolean accept(int bi, int bj, INDArray stored, INDArray float64, double roundingError);
    }

    private final Set<Long> assigned;
    private final Set<Long> written = new HashSet<>();
    private final Sink sink;

    TaskTileStore(TileGrid grid, Storage storage, Iterable<int[]> tiles, Sink sink) {
        super(grid, storage);
        this.assigned = new HashSet<>();
        for (int[] t : tiles) {
            if (!grid.isStored(t[0], t[1])) {
                throw new IllegalArgumentException("tile (" + t[0] + ", " + t[1] + ") is not stored by " + grid);
            }
            assigned.add(key(t[0], t[1]));
        }
        this.sink = sink;
    }

    private static long key(int bi, int bj) {
        return ((long) bi << 32) | bj;
    }

    @Override
    public boolean has(int bi, int bj) {
        long k = key(bi, bj);
        return grid().isStored(bi, bj) && (!assigned.contains(k) || written.contains(k));
    }

    @Override
    public INDArray read(int bi, int bj) {
        throw new UnsupportedOperationException("a task's tiles go to its sink, they are not read back");
    }

    @Override
    public INDArray readFloat64(int bi, int bj, INDArray scratch) {
        throw new UnsupportedOperationException("a task's tiles go to its sink, they are not read back");
    }

    @Override
    public double write(int bi, int bj, INDArray tile) {
        if (!assigned.contains(key(bi, bj))) {
            throw new IllegalStateException("tile (" + bi + ", " + bj + ") is not assigned to this task");
        }
        Rounded r = round(bi, bj, tile);
        INDArray stored = r.stored();
        INDArray f64 = storage() == Storage.FLOAT64 ? stored : stored.castTo(DataType.DOUBLE);
        boolean kept = sink.accept(bi, bj, stored, f64, r.error());
        written.add(key(bi, bj));
        finished(bi, bj, r.error());
        if (f64 != stored && f64.closeable()) {
            f64.close();
        }
        if (!kept && stored.closeable()) {
            stored.close();
        }
        return r.error();
    }
}
