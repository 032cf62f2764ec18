package org.tangent4j.core.tiles;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;

/**
 * Gram matrices K[i, j] = k(x1_i, x2_j) of any {@link Kernel}, computed tile by tile into a {@link TileStore}:
 * each stored tile is one call {@code kernel.gram(x1[rows of bi], x2[rows of bj])}; for the symmetric train-train
 * matrix only the tiles bi &lt;= bj, the diagonal ones by {@code kernel.gram(xb, xb)} with the same array twice (the
 * kernels' symmetric path). Tiles already finished in the store are kept (resumption), the others computed in
 * row-major order, each reported to a progress consumer with an ETA.
 */
public final class TiledGram {

    private TiledGram() {
    }

    /**
     * A store for K(x1, x2) (symmetric when {@code x2} is null or the same array as {@code x1}): on disk in
     * {@code directory} when it is not null, else in memory.
     *
     * @param kernelName what the kernel is, with every setting that changes its values (recorded in a tile
     *     directory's manifest, together with fingerprints of x1 and x2, so that tiles of other kernels or data are
     *     refused rather than reused)
     * @param tile the tile side (e.g. {@link MemoryBudget#tileSide}); an existing directory keeps its own
     */
    public static TileStore store(Path directory, String kernelName, INDArray x1, INDArray x2, Storage storage, int tile) {
        Objects.requireNonNull(storage, "storage");
        boolean symmetric = x2 == null || x2 == x1;
        INDArray b = symmetric ? x1 : x2;
        TileGrid grid = new TileGrid((int) x1.rows(), (int) b.rows(), Math.max(1, tile), symmetric);
        if (directory == null) {
            return new MemoryTileStore(grid, storage);
        }
        String identity = kernelName + "; x1 = " + Arrays.toString(x1.shape()) + " crc32c " + Tiles.fingerprint(x1)
                + (symmetric ? "" : "; x2 = " + Arrays.toString(b.shape()) + " crc32c " + Tiles.fingerprint(b));
        return DiskTileStore.open(directory, grid, storage, identity);
    }

    /**
     * Computes the missing tiles of K(x1, x2) into {@code store} and returns the stored matrix.
     *
     * @param x2 the second point set, or null (or x1 itself) for the symmetric K(x1, x1)
     * @throws IllegalArgumentException when the store's grid does not match the point sets
     */
    public static TiledMatrix compute(Kernel kernel, INDArray x1, INDArray x2, TileStore store, Consumer<TileProgress> progress) {
        Objects.requireNonNull(kernel, "kernel");
        INDArray a = Checks.finiteMatrix("x1", x1).castTo(DataType.DOUBLE);
        boolean symmetric = x2 == null || x2 == x1;
        INDArray b = symmetric ? a : Checks.finiteMatrix("x2", x2).castTo(DataType.DOUBLE);
        Checks.columns("x2", b, a.columns(), "the input dimension d of x1");
        TileGrid g = store.grid();
        if (g.rows() != a.rows() || g.cols() != b.rows() || g.symmetric() != symmetric) {
            throw new IllegalArgumentException("store has grid " + g + ": expected " + a.rows() + " x " + b.rows()
                    + (symmetric ? " symmetric" : ""));
        }
        int total = g.storedTiles();
        int done = 0;
        long entriesLeft = 0;
        for (int[] t : g.storedKeys()) {
            if (store.has(t[0], t[1])) {
                done++;
            } else {
                entriesLeft += (long) g.rowSize(t[0]) * g.colSize(t[1]);
            }
        }
        int resumed = done;
        long start = System.nanoTime();
        long entriesDone = 0;
        for (int bi = 0; bi < g.rowBlocks(); bi++) {
            INDArray xi = rows(a, g, bi);
            for (int bj = symmetric ? bi : 0; bj < g.colBlocks(); bj++) {
                if (store.has(bi, bj)) {
                    continue;
                }
                INDArray tile = symmetric && bi == bj ? kernel.gram(xi, xi) : kernel.gram(xi, rows(b, g, bj));
                store.write(bi, bj, tile);
                if (tile.closeable()) {
                    tile.close(); // the store holds its own copy; free the native buffer now, not at the next GC
                }
                NativeMemory.reclaimIfGrown();
                done++;
                long entries = (long) g.rowSize(bi) * g.colSize(bj);
                entriesDone += entries;
                entriesLeft -= entries;
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.accept(new TileProgress(done, total, resumed, seconds, seconds / entriesDone * entriesLeft));
            }
        }
        return new TiledMatrix(store);
    }

    /**
     * A product K V computed without storing K.
     *
     * @param values K V, [rows of x1, k] float64
     * @param roundingError the largest absolute rounding error of an entry of K to the storage precision (0 for FLOAT64)
     */
    public record Product(INDArray values, double roundingError) {
    }

    /**
     * K(x1, x2) V without storing K: each tile K(x1[rows of bi], x2[rows of bj]) is computed, rounded to the storage
     * precision as a stored tile would be, multiplied into out[bi] += T V[bj] ({@link TileProduct}) and freed, so
     * memory holds one tile and the result equals the product with the stored tiles bit for bit; progress after each.
     *
     * @param v [rows of x2, k]
     */
    public static Product multiply(Kernel kernel, INDArray x1, INDArray x2, INDArray v, Storage storage, int tile,
                                   Consumer<TileProgress> progress) {
        Objects.requireNonNull(kernel, "kernel");
        INDArray a = Checks.finiteMatrix("x1", x1).castTo(DataType.DOUBLE);
        INDArray b = Checks.finiteMatrix("x2", x2).castTo(DataType.DOUBLE);
        Checks.columns("x2", b, a.columns(), "the input dimension d of x1");
        INDArray w = Checks.matrix("v", v).castTo(DataType.DOUBLE);
        Checks.rows("v", w, b.rows(), "one row per point of x2");
        TileGrid g = new TileGrid((int) a.rows(), (int) b.rows(), Math.max(1, tile), false);
        INDArray[] out = new INDArray[g.rowBlocks()];
        INDArray[] vb = new INDArray[g.colBlocks()];
        for (int bj = 0; bj < vb.length; bj++) {
            vb[bj] = rows(w, g, bj);
        }
        long start = System.nanoTime();
        long total = (long) g.rows() * g.cols();
        long entriesDone = 0;
        int done = 0;
        double rounding = 0;
        try (TileProduct product = new TileProduct()) {
            for (int bi = 0; bi < g.rowBlocks(); bi++) {
                INDArray xi = rows(a, g, bi);
                out[bi] = Nd4j.zeros(DataType.DOUBLE, g.rowSize(bi), w.columns());
                for (int bj = 0; bj < g.colBlocks(); bj++) {
                    INDArray t = kernel.gram(xi, rows(b, g, bj));
                    INDArray stored = storage == Storage.FLOAT64 ? t : Tiles.storedCopy(t, storage);
                    if (stored != t) {
                        rounding = Math.max(rounding, Tiles.roundingError(t, stored));
                    }
                    product.accumulate(stored, vb[bj], out[bi], null, null);
                    if (stored != t) {
                        stored.close();
                    }
                    if (t.closeable()) {
                        t.close();
                    }
                    done++;
                    entriesDone += (long) g.rowSize(bi) * g.colSize(bj);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    progress.accept(new TileProgress(done, g.storedTiles(), 0, seconds, seconds / entriesDone * (total - entriesDone)));
                }
            }
        }
        return new Product(out.length == 1 ? out[0] : Nd4j.concat(0, out), rounding);
    }

    private static INDArray rows(INDArray x, TileGrid g, int block) {
        int r0 = g.start(block);
        return x.get(NDArrayIndex.interval(r0, r0 + Math.min(g.tile(), (int) x.rows() - r0)), NDArrayIndex.all()).dup('c');
    }
}
