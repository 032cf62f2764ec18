package org.tangent4j.examples.bench;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.linalg.BlasThreads;
import org.tangent4j.core.tiles.MemoryTileStore;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.core.tiles.TileGrid;
import org.tangent4j.core.tiles.TileProduct;
import org.tangent4j.core.tiles.TiledMatrix;

/**
 * The product K V of a symmetric tiled matrix with a block of k columns, the operation of every conjugate-gradient
 * iteration of {@code regress}: nanoseconds per stored entry (a stored off-diagonal tile serves both T V_j and
 * T^T V_i), the rate at which the stored tiles are read, and the arithmetic rate (4 k flops per stored off-diagonal
 * entry, 2 k per diagonal one) against the machine's float64 matrix-multiply rate. Three ways side by side: one Java
 * thread with the BLAS on all cores (the product before the workers), one worker on one BLAS thread, and
 * {@link TiledMatrix#multiply} as shipped ({@link BlasThreads#current()} workers on one BLAS thread each).
 *
 * <p>Usage: {@code TileProductBenchmark [TILE] [BLOCKS] [K] [float32|float64] [REPEATS]}; defaults 4096 4 10 float32 5
 * (N = 16,384: 10 stored tiles, 671 MB of float32). Prints the best of the repeats per way.
 */
public final class TileProductBenchmark {

    private TileProductBenchmark() {
    }

    public static void main(String[] args) {
        int tile = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Storage storage = args.length > 3 && args[3].equals("float64") ? Storage.FLOAT64 : Storage.FLOAT32;
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        int n = tile * blocks;
        TileGrid grid = new TileGrid(n, n, tile, true);
        MemoryTileStore store = new MemoryTileStore(grid, storage);
        Nd4j.getRandom().setSeed(42);
        for (int bi = 0; bi < blocks; bi++) {
            for (int bj = bi; bj < blocks; bj++) {
                store.write(bi, bj, Nd4j.rand(DataType.DOUBLE, tile, tile));
            }
        }
        TiledMatrix m = new TiledMatrix(store);
        INDArray v = Nd4j.rand(DataType.DOUBLE, n, k);
        long entries = grid.storedEntries();
        long diagonal = (long) blocks * tile * tile;
        double flops = 4.0 * k * (entries - diagonal) + 2.0 * k * diagonal;
        double bytes = entries * (storage == Storage.FLOAT32 ? 4.0 : 8.0);
        double dgemm = Machine.mmulGflops(1024);
        int workers = BlasThreads.current();
        System.out.printf(Locale.ROOT, "TileProductBenchmark: N = %d in tiles of %d (%d stored, %s, %.0f MB), k = %d,"
                + " %d cores, BLAS threads %d, best of %d; dgemm rate %.1f GFLOP/s (1024^3)%n", n, tile,
                grid.storedTiles(), storage.name().toLowerCase(Locale.ROOT), bytes / 1e6, k,
                Runtime.getRuntime().availableProcessors(), workers, repeats, dgemm);
        report("one Java thread, BLAS on " + workers + " threads", best(repeats, () -> sequential(store, v)), entries, bytes, flops, dgemm);
        try (BlasThreads one = BlasThreads.single()) {
            report("one worker, one BLAS thread", best(repeats, () -> m.multiply(v)), entries, bytes, flops, dgemm);
        }
        report("TiledMatrix.multiply: " + workers + " workers, one BLAS thread each", best(repeats, () -> m.multiply(v)),
                entries, bytes, flops, dgemm);
    }

    /** The product as one loop over the tiles on the calling thread (the BLAS keeps its own threads). */
    private static INDArray sequential(MemoryTileStore store, INDArray v) {
        TileGrid g = store.grid();
        int k = (int) v.columns();
        INDArray[] vb = new INDArray[g.colBlocks()];
        INDArray[] ob = new INDArray[g.rowBlocks()];
        for (int b = 0; b < vb.length; b++) {
            vb[b] = v.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(g.start(b), g.start(b) + g.colSize(b)),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
            ob[b] = Nd4j.zeros(DataType.DOUBLE, g.rowSize(b), k);
        }
        try (TileProduct product = new TileProduct()) {
            for (int bi = 0; bi < g.rowBlocks(); bi++) {
                for (int bj = bi; bj < g.colBlocks(); bj++) {
                    boolean mirror = bi != bj;
                    product.accumulate(store.read(bi, bj), vb[bj], ob[bi], mirror ? vb[bi] : null, mirror ? ob[bj] : null);
                }
            }
        }
        return Nd4j.concat(0, ob);
    }

    private static double best(int repeats, Runnable run) {
        run.run();
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            run.run();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return best;
    }

    private static void report(String way, double seconds, long entries, double bytes, double flops, double dgemm) {
        System.out.printf(Locale.ROOT, "  %-52s %7.3f s  %5.2f ns per stored entry  %5.1f GB/s of tiles  %5.1f GFLOP/s"
                + " (%4.1f%% of dgemm)%n", way, seconds, seconds * 1e9 / entries, bytes / seconds / 1e9,
                flops / seconds / 1e9, 100 * flops / seconds / 1e9 / dgemm);
    }
}
