package org.tangent4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native copies of cached tiles: one per tile object, bounded by the budget, equal to the tile's entries, freed
 * on release (after the products using them) and when the tile becomes unreachable; beyond the budget the entries go
 * through a reused buffer with the same values.
 */
class NativeTilesTest {

    /** Owners of these tests, apart from those of DistributedGram (which count up from 1). */
    private static final AtomicLong OWNERS = new AtomicLong(1L << 40);

    /** A tile of random entries, and the array it was made from (the independent route to its values). */
    private record Made(Tile tile, INDArray source) {
    }

    private static Made tile(int bi, int bj, int rows, int cols, DataType type) {
        INDArray source = Nd4j.rand(DataType.DOUBLE, rows, cols).subi(0.5).castTo(type);
        return new Made(new Tile(bi, bj, source, 0), source);
    }

    @Test
    void copiesAreSharedBoundedEqualToTheTileAndFreedOnReleaseAfterTheirLastUse() {
        long owner = OWNERS.incrementAndGet();
        long before = NativeTiles.bytes();
        Made a = tile(0, 0, 30, 30, DataType.DOUBLE);
        Made b = tile(0, 1, 30, 20, DataType.FLOAT);
        Made c = tile(1, 1, 20, 20, DataType.DOUBLE);
        long budget = before + a.tile().bytes() + b.tile().bytes();

        NativeTiles.Copy ca = NativeTiles.acquire(a.tile(), owner, budget);
        assertThat(ca).isNotNull();
        assertThat(ca.array().toDoubleMatrix()).isDeepEqualTo(a.source().toDoubleMatrix());
        NativeTiles.Copy again = NativeTiles.acquire(a.tile(), owner, budget);
        assertThat(again).isSameAs(ca); // one copy per tile object
        NativeTiles.Copy cb = NativeTiles.acquire(b.tile(), owner, budget);
        assertThat(cb.array().dataType()).isEqualTo(DataType.FLOAT); // the storage precision, as cached
        assertThat(cb.array().toFloatMatrix()).isDeepEqualTo(b.source().toFloatMatrix());
        assertThat(NativeTiles.bytes() - before).isEqualTo(30 * 30 * 8 + 30 * 20 * 4);
        assertThat(NativeTiles.copies(owner)).isEqualTo(2);

        // the budget is full: no copy of c, its entries through the thread's buffer
        assertThat(NativeTiles.acquire(c.tile(), owner, budget)).isNull();
        INDArray s = NativeTiles.scratch(c.tile());
        assertThat(s.shape()).containsExactly(20, 20);
        assertThat(s.toDoubleMatrix()).isDeepEqualTo(c.source().toDoubleMatrix());
        // the thread's float32 buffer, for b's entries (another shape, another precision)
        INDArray sb = NativeTiles.scratch(b.tile());
        assertThat(sb.toFloatMatrix()).isDeepEqualTo(b.source().toFloatMatrix());

        // released while a's copy has two users: freed when the last is done
        cb.done();
        again.done();
        NativeTiles.release(owner);
        assertThat(NativeTiles.copies(owner)).isZero();
        assertThat(cb.array().wasClosed()).isTrue();
        assertThat(ca.array().wasClosed()).isFalse();
        ca.done();
        assertThat(ca.array().wasClosed()).isTrue();
        assertThat(NativeTiles.bytes()).isEqualTo(before);

        // a released copy is not handed out again: the tile gets a new one
        NativeTiles.Copy fresh = NativeTiles.acquire(a.tile(), owner, budget);
        assertThat(fresh).isNotSameAs(ca);
        assertThat(fresh.array().toDoubleMatrix()).isDeepEqualTo(a.source().toDoubleMatrix());
        fresh.done();
        NativeTiles.release(owner);
        assertThat(NativeTiles.bytes()).isEqualTo(before);
    }

    @Test
    void aComputedTilesArrayIsKeptAsItsCopyWithoutCopying() {
        long owner = OWNERS.incrementAndGet();
        long before = NativeTiles.bytes();
        INDArray stored = Nd4j.rand(DataType.DOUBLE, 12, 7);
        Tile t = new Tile(2, 3, stored, 0);
        assertThat(NativeTiles.keep(t, stored, owner, before + t.bytes() - 1)).isFalse(); // does not fit
        assertThat(NativeTiles.keep(t, stored, owner, before + t.bytes())).isTrue();
        NativeTiles.Copy c = NativeTiles.acquire(t, owner, before + t.bytes());
        assertThat(c.array()).isSameAs(stored);
        c.done();
        INDArray other = Nd4j.rand(DataType.DOUBLE, 12, 7);
        assertThat(NativeTiles.keep(t, other, owner, Long.MAX_VALUE)).isFalse(); // the tile has its copy already
        NativeTiles.release(owner);
        assertThat(stored.wasClosed()).isTrue();
        assertThat(other.wasClosed()).isFalse();
        assertThat(NativeTiles.bytes()).isEqualTo(before);
    }

    @Test
    void theCopyOfATileThatNobodyHoldsIsFreedByTheCollector() throws InterruptedException {
        long owner = OWNERS.incrementAndGet();
        long before = NativeTiles.bytes();
        INDArray array = copyOfAnUnreachableTile(owner);
        assertThat(NativeTiles.copies(owner)).isEqualTo(1);
        for (int i = 0; i < 200 && NativeTiles.copies(owner) > 0; i++) {
            System.gc();
            Thread.sleep(25);
        }
        assertThat(NativeTiles.copies(owner)).isZero();
        assertThat(array.wasClosed()).isTrue();
        assertThat(NativeTiles.bytes()).isEqualTo(before);
    }

    /** Makes a tile and its copy and drops the tile: what Spark does with a block it evicts or unpersists. */
    private static INDArray copyOfAnUnreachableTile(long owner) {
        Tile t = tile(0, 0, 16, 16, DataType.DOUBLE).tile();
        NativeTiles.Copy c = NativeTiles.acquire(t, owner, Long.MAX_VALUE);
        c.done();
        return c.array();
    }
}
