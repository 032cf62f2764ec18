package org.tangent4j.core.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.limits.InfiniteWidth;

class TiledGramTest {

    @TempDir
    Path dir;

    private static final Kernel NNGP = InfiniteWidth.of(DenseStack.fullyConnected(2, Activations.relu(), 1.3, 0.2)).nngp();
    private static final String NAME = "nngp relu depth 2 w 1.3 b 0.2";
    // 150 points in tiles of 64: blocks of 64, 64, 22 (no divisibility)
    private static final INDArray X = gaussian(1, 150, 7);
    private static final INDArray Z = gaussian(2, 41, 7);

    private static List<TileProgress> log() {
        return new ArrayList<>();
    }

    @Test
    void tiledEqualsInMemoryGramBitForBit() {
        for (Kernel k : new Kernel[] {NNGP, new RbfKernel(0.7, 2.5)}) {
            TileStore s = TiledGram.store(null, NAME, X, null, Storage.FLOAT64, 64);
            INDArray tiled = TiledGram.compute(k, X, null, s, p -> { }).toDense();
            // the stored matrix is exactly symmetric: the entries i <= j of the in-memory Gram matrix, mirrored (the
            // in-memory RBF matrix itself differs from its transpose in the last bit: its dgemm sums the augmented
            // terms in another order for (i, j) than for (j, i))
            double[][] full = k.gram(X).toDoubleMatrix();
            double[][] upper = new double[150][150];
            for (int i = 0; i < 150; i++) {
                for (int j = 0; j < 150; j++) {
                    upper[i][j] = full[Math.min(i, j)][Math.max(i, j)];
                }
            }
            TileStore c = TiledGram.store(null, NAME, Z, X, Storage.FLOAT64, 16);
            INDArray cross = TiledGram.compute(k, Z, X, c, p -> { }).toDense();
            if (k == NNGP) {
                assertThat(tiled.toDoubleMatrix()).isDeepEqualTo(upper).isDeepEqualTo(full);
                assertThat(cross.toDoubleMatrix()).isDeepEqualTo(k.gram(Z, X).toDoubleMatrix());
            } else {
                // RBF: OpenBLAS picks other dgemm kernels for a 16 x 16 tile than for the whole matrix, so the
                // exponent's sum may round differently in the last bit: agreement to a few ulps, not bits
                assertClose(tiled, org.nd4j.linalg.factory.Nd4j.createFromArray(upper), 1e-15, 0);
                assertClose(cross, k.gram(Z, X), 1e-15, 0);
            }
        }
    }

    @Test
    void productsAndDiagonalAgreeWithTheDenseMatrix() {
        TiledMatrix m = TiledGram.compute(NNGP, X, null, TiledGram.store(null, NAME, X, null, Storage.FLOAT64, 64), p -> { });
        INDArray dense = NNGP.gram(X);
        INDArray v = gaussian(3, 150, 4);
        assertClose(m.multiply(v), dense.mmul(v), 1e-13, 1e-13);
        assertClose(m.asOperator().plusIdentity(0.5).multiply(v), dense.mmul(v).addi(v.mul(0.5)), 1e-13, 1e-13);
        assertThat(m.diagonal().toDoubleVector()).containsExactly(NNGP.diagonal(X).toDoubleVector());
        // released: every tile freed, none readable
        m.store().release();
        assertThat(m.store().has(0, 0)).isFalse();
        assertThatThrownBy(() -> m.store().read(0, 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("(0, 1)");
    }

    @Test
    void workersShareEveryTileOnceAndTheirProductIsReproducible() {
        // 10 row blocks of a symmetric grid (55 stored tiles, the last row block 37 rows): each tile in exactly one
        // share, and the shares' work (entries x products) within one tile's work of each other
        TileGrid g = new TileGrid(613, 613, 64, true);
        List<List<int[]>> shares = TiledMatrix.shares(g, 3);
        java.util.Set<String> seen = new java.util.HashSet<>();
        long[] load = new long[shares.size()];
        for (int w = 0; w < shares.size(); w++) {
            for (int[] t : shares.get(w)) {
                assertThat(seen.add(t[0] + "," + t[1])).as("tile (%d, %d) dealt twice", t[0], t[1]).isTrue();
                assertThat(g.isStored(t[0], t[1])).isTrue();
                load[w] += (long) g.rowSize(t[0]) * g.colSize(t[1]) * (t[0] != t[1] ? 2 : 1);
            }
        }
        assertThat(seen).hasSize(g.storedTiles());
        long max = java.util.Arrays.stream(load).max().getAsLong();
        long min = java.util.Arrays.stream(load).min().getAsLong();
        assertThat(max - min).isLessThanOrEqualTo(2L * 64 * 64);
        assertThat(TiledMatrix.shares(g, 100)).hasSize(g.storedTiles());
        assertThat(TiledMatrix.shares(new TileGrid(5, 5, 64, true), 4)).hasSize(1);

        // the product with two workers: the same bits on every call, and the one-worker product to rounding
        INDArray x = gaussian(8, 613, 5);
        INDArray v = gaussian(9, 613, 3);
        TiledMatrix m = TiledGram.compute(NNGP, x, null, TiledGram.store(null, NAME, x, null, Storage.FLOAT32, 64), p -> { });
        org.nd4j.linalg.api.blas.Blas blas = org.nd4j.linalg.factory.Nd4j.factory().blas();
        int threads = blas.getMaxThreads();
        try {
            blas.setMaxThreads(2);
            INDArray two = m.multiply(v);
            assertThat(m.multiply(v).toDoubleMatrix()).isDeepEqualTo(two.toDoubleMatrix());
            assertThat(blas.getMaxThreads()).as("BLAS threads restored after the product").isEqualTo(2);
            blas.setMaxThreads(1);
            assertClose(two, m.multiply(v), 1e-14, 1e-14);
            // overlapping scopes (as from two threads): one BLAS thread until the last closes, then the count before
            blas.setMaxThreads(2);
            org.tangent4j.core.linalg.BlasThreads a = org.tangent4j.core.linalg.BlasThreads.single();
            org.tangent4j.core.linalg.BlasThreads b = org.tangent4j.core.linalg.BlasThreads.single();
            a.close();
            a.close();
            assertThat(blas.getMaxThreads()).isEqualTo(1);
            b.close();
            assertThat(blas.getMaxThreads()).isEqualTo(2);
        } finally {
            blas.setMaxThreads(threads);
        }
    }

    @Test
    void float32ProductsEqualFloat64ProductsOfTheRoundedMatrix() {
        // 600 points in tiles of 256 (blocks 256, 256, 88; one stripe per tile): the widened-stripe products equal
        // float64 products with the rounded entries, in memory and on disk, including the mirrored T^T V_i
        INDArray x = gaussian(4, 600, 5);
        INDArray v = gaussian(5, 600, 3);
        for (TileStore s : new TileStore[] {TiledGram.store(null, NAME, x, null, Storage.FLOAT32, 256),
                TiledGram.store(dir.resolve("f32"), NAME, x, null, Storage.FLOAT32, 256)}) {
            TiledMatrix m = TiledGram.compute(NNGP, x, null, s, p -> { });
            INDArray rounded = NNGP.gram(x).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                    .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            assertClose(m.multiply(v), rounded.mmul(v), 1e-13, 1e-13);
        }
        // a stripe smaller than the tile: 3000 columns give stripes of 43 rows
        INDArray z = gaussian(6, 3000, 5);
        TiledMatrix cross = TiledGram.compute(NNGP, x, z, TiledGram.store(null, NAME, x, z, Storage.FLOAT32, 3000), p -> { });
        INDArray w = gaussian(7, 3000, 2);
        INDArray rounded = NNGP.gram(x, z).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        assertClose(cross.multiply(w), rounded.mmul(w), 1e-13, 1e-13);
    }

    @Test
    void diskTilesResumeAfterInterruptionAndAreReused() throws IOException {
        INDArray expected = NNGP.gram(X);
        List<TileProgress> first = log();
        TiledGram.compute(NNGP, X, null, TiledGram.store(dir, NAME, X, null, Storage.FLOAT64, 64), first::add);
        assertThat(first).hasSize(6);
        assertThat(first.get(5).toString()).startsWith("tile 6/6, 100%");

        // a finished directory is reused: nothing recomputed, same bits (its tile side wins over the requested one)
        List<TileProgress> again = log();
        TiledMatrix reused = TiledGram.compute(NNGP, X, null, TiledGram.store(dir, NAME, X, null, Storage.FLOAT64, 50), again::add);
        assertThat(again).isEmpty();
        assertThat(reused.toDense().toDoubleMatrix()).isDeepEqualTo(expected.toDoubleMatrix());

        // a kill: the last two tiles never reached the manifest (one left half-written), plus a line cut short;
        // a tile deleted by hand is recomputed too
        Path manifest = dir.resolve("manifest.txt");
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        Files.writeString(manifest, String.join("\n", lines.subList(0, lines.size() - 2)) + "\ndone 2 ", StandardCharsets.UTF_8);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("tile-2-2.bin").toFile(), "rw")) {
            f.setLength(100);
        }
        Files.delete(dir.resolve("tile-0-0.bin"));
        List<TileProgress> resumed = log();
        TiledMatrix m = TiledGram.compute(NNGP, X, null, TiledGram.store(dir, NAME, X, null, Storage.FLOAT64, 64), resumed::add);
        assertThat(resumed).hasSize(3);
        assertThat(resumed.get(0).resumed()).isEqualTo(3);
        assertThat(m.toDense().toDoubleMatrix()).isDeepEqualTo(expected.toDoubleMatrix());
    }

    @Test
    void corruptedOrForeignDirectoriesAreRefused() throws IOException {
        TiledGram.compute(NNGP, X, null, TiledGram.store(dir, NAME, X, null, Storage.FLOAT64, 64), p -> { });
        // other kernel settings, other data, other storage
        assertThatThrownBy(() -> TiledGram.store(dir, "nngp relu depth 3", X, null, Storage.FLOAT64, 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity").hasMessageContaining("refusing");
        INDArray other = X.dup();
        other.putScalar(149, 6, 0.5);
        assertThatThrownBy(() -> TiledGram.store(dir, NAME, other, null, Storage.FLOAT64, 64)).hasMessageContaining("crc32c");
        assertThatThrownBy(() -> TiledGram.store(dir, NAME, X, null, Storage.FLOAT32, 64)).hasMessageContaining("storage");

        // one flipped bit in a finished tile: detected by its checksum on first read
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("tile-0-1.bin").toFile(), "rw")) {
            f.seek(808);
            int b = f.read();
            f.seek(808);
            f.write(b ^ 1);
        }
        TileStore s = TiledGram.store(dir, NAME, X, null, Storage.FLOAT64, 64);
        TiledMatrix m = TiledGram.compute(NNGP, X, null, s, p -> { });
        assertThatThrownBy(m::toDense).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tile-0-1.bin has checksum").hasMessageContaining("corrupted");
        // a finished tile cut short
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("tile-1-2.bin").toFile(), "rw")) {
            f.setLength(64);
        }
        assertThatThrownBy(() -> s.read(1, 2)).hasMessageContaining("has 64 bytes: expected " + 64 * 22 * 8);
    }

    @Test
    void float32StorageReportsItsRoundingError() {
        INDArray dense = NNGP.gram(X);
        for (Path where : new Path[] {null, dir}) {
            TileStore s = TiledGram.store(where, NAME, X, null, Storage.FLOAT32, 64);
            TiledMatrix m = TiledGram.compute(NNGP, X, null, s, p -> { });
            double max = dense.amaxNumber().doubleValue();
            double measured = m.toDense().sub(dense).amaxNumber().doubleValue();
            assertThat(s.roundingError()).isEqualTo(measured).isPositive().isLessThanOrEqualTo(max * Math.pow(2, -24));
        }
    }

    @Test
    void memoryBudgetParsesSizesAndRefusesOneTooSmallForATile() {
        assertThat(MemoryBudget.parse("--memory", "8g").bytes()).isEqualTo(8L << 30);
        assertThat(MemoryBudget.parse("--memory", "1.5M").bytes()).isEqualTo(3L << 19);
        // 8 GiB / 4 / 32 bytes per entry = 2^26 entries: side 8192, capped at 4096
        assertThat(MemoryBudget.parse("--memory", "8g").tileSide(60000)).isEqualTo(4096);
        assertThat(MemoryBudget.parse("--memory", "32m").tileSide(60000)).isEqualTo(512);
        assertThat(MemoryBudget.parse("--memory", "32m").tileSide(100)).isEqualTo(100);
        assertThatThrownBy(() -> MemoryBudget.parse("--memory", "100k").tileSide(60000))
                .hasMessageContaining("too small for even one tile of 64 x 64");
        assertThatThrownBy(() -> MemoryBudget.parse("--memory", "lots")).hasMessageContaining("--memory = lots");
    }

    /**
     * A store that adopts another store's rounded tiles holds the same matrix as one that was written the tiles (here:
     * float32 tiles, adopted without a copy, rounding errors as measured where they were rounded); arrays that are not
     * a stored tile of its own are refused with the tile and what is wrong.
     */
    @Test
    void adoptedTilesAreTheWrittenOnes() {
        TileGrid g = new TileGrid(150, 150, 64, true);
        MemoryTileStore written = new MemoryTileStore(g, Storage.FLOAT32);
        TiledGram.compute(NNGP, X, null, written, p -> { });
        MemoryTileStore adopted = new MemoryTileStore(g, Storage.FLOAT32);
        for (int[] t : g.storedKeys()) {
            adopted.adopt(t[0], t[1], written.read(t[0], t[1]).dup('c'), 1e-9 * (t[0] + t[1]));
        }
        assertThat(new TiledMatrix(adopted).toDense().ravel().toDoubleVector())
                .isEqualTo(new TiledMatrix(written).toDense().ravel().toDoubleVector());
        assertThat(adopted.roundingError()).isEqualTo(4e-9);
        INDArray f64 = written.read(0, 0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        assertThatThrownBy(() -> adopted.adopt(0, 0, f64, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tile (0, 0) is a DOUBLE array").hasMessageContaining("expected a row-major FLOAT array");
        INDArray fortran = written.read(0, 1).dup('f');
        assertThatThrownBy(() -> adopted.adopt(0, 1, fortran, 0)).hasMessageContaining("in order 'f'");
        INDArray wrongShape = written.read(0, 2);
        assertThatThrownBy(() -> adopted.adopt(0, 1, wrongShape, 0)).hasMessageContaining("has shape [64, 22]: expected [64, 64]");
        assertThatThrownBy(() -> adopted.adopt(1, 0, written.read(0, 1).dup('c'), 0)).hasMessageContaining("is not stored by");
        assertThatThrownBy(() -> adopted.adopt(0, 1, written.read(0, 1).dup('c'), Double.NaN)).hasMessageContaining("rounding error = NaN");
    }
}
