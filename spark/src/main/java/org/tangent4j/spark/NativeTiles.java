package org.tangent4j.spark;

import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native (ND4J) copies of the tiles that Spark caches, kept in each JVM that runs tasks (an executor; in local mode the
 * driver's process), so that a CG product multiplies a tile in place as the single machine does, instead of copying
 * its heap entries into a new native array in every product (measured at N = 8,000: the copies into fresh arrays
 * took as long as the products themselves, most of it the page faults of the new memory).
 *
 * <p>Spark's cache stays the source of truth: a copy belongs to one cached {@link Tile} object and mirrors its entries,
 * which never change. A tile that Spark recomputes (its partition lost with an executor, or a failed task) or reads
 * back from disk is a new object and gets a copy of its own; the copy of an object that Spark dropped (unpersisted,
 * evicted to disk, lost) is freed when the collector finds the object unreachable, or at once by {@link #release} of
 * its owner (a {@link DistributedGram} frees its copies when it is closed). The copies in one JVM take at most the
 * budget a task passes ({@code spark.tangent4j.nativeTiles}); a tile beyond it is copied, for each product, into a
 * native buffer of the task's thread reused from product to product ({@link #scratch}), so there are no fresh
 * allocations either way. A copy in use by a product is freed when that product ends.
 */
final class NativeTiles {

    private static final Cleaner CLEANER = Cleaner.create();

    /** Bytes of the copies not yet freed, in this JVM. */
    private static long bytes;

    /** Copies made so far in this JVM. */
    private static long made;

    /** The live copies of each owner (a {@link DistributedGram}'s id). */
    private static final Map<Long, Set<Copy>> OWNED = new HashMap<>();

    /** Per task thread: a native buffer for tiles beyond the budget, reused by every product on that thread. */
    private static final ThreadLocal<INDArray[]> SCRATCH = ThreadLocal.withInitial(() -> new INDArray[DataType.values().length]);

    private NativeTiles() {
    }

    /** One tile's native copy. Its users are counted, so that it is freed only when no product is multiplying it. */
    static final class Copy implements Runnable {
        private final INDArray array;
        private final long size;
        private final long owner;
        private Cleaner.Cleanable cleanable;
        private int users;
        private boolean released;

        private Copy(INDArray array, long owner) {
            this.array = array;
            this.size = array.length() * array.dataType().width();
            this.owner = owner;
        }

        /** The tile as stored (float64 or float32), [rows, cols] row-major; valid until {@link #done}. */
        INDArray array() {
            return array;
        }

        /** Ends this product's use of the copy. */
        void done() {
            synchronized (NativeTiles.class) {
                if (--users == 0 && released) {
                    free();
                }
            }
        }

        /** The cleaner's action (the tile is unreachable) and {@link #release}'s: free now, or when the last user is done. */
        @Override
        public void run() {
            synchronized (NativeTiles.class) {
                if (released) {
                    return;
                }
                released = true;
                Set<Copy> set = OWNED.get(owner);
                if (set != null) {
                    set.remove(this);
                    if (set.isEmpty()) {
                        OWNED.remove(owner);
                    }
                }
                if (users == 0) {
                    free();
                }
            }
        }

        private void free() {
            bytes -= size;
            array.close();
        }
    }

    /**
     * The native copy of {@code t} for one product, to be ended with {@link Copy#done}: the tile's existing copy, or a
     * new one when it fits {@code budget} bytes of copies in this JVM; null when it does not fit.
     *
     * @param owner the id of the {@link DistributedGram} whose cached tiles these are
     */
    static Copy acquire(Tile t, long owner, long budget) {
        synchronized (NativeTiles.class) {
            Copy c = t.nativeCopy;
            if (c != null && !c.released) {
                c.users++;
                return c;
            }
            if (bytes + t.bytes() > budget) {
                return null;
            }
        }
        // the copy outside the lock (a bulk copy of the heap entries); then registered unless another thread was faster
        return adopt(t, t.toStored(), owner, budget);
    }

    /**
     * Keeps {@code stored} (the task's native array of the tile as stored, its entries equal to t's) as t's copy when
     * it fits the budget, so that a freshly computed tile needs no copy at all. Returns whether it was kept; if not,
     * the caller still owns {@code stored}.
     */
    static boolean keep(Tile t, INDArray stored, long owner, long budget) {
        synchronized (NativeTiles.class) {
            if (t.nativeCopy != null || bytes + t.bytes() > budget) {
                return false;
            }
        }
        Copy c = adopt(t, stored, owner, budget);
        if (c == null) {
            return false;
        }
        c.done();
        return true;
    }

    /**
     * Registers {@code array} as t's copy with one user; or, when t got a copy meanwhile, frees {@code array} and returns
     * that one; or, when the budget is full, frees {@code array} and returns null.
     */
    private static Copy adopt(Tile t, INDArray array, long owner, long budget) {
        Copy c = new Copy(array, owner);
        synchronized (NativeTiles.class) {
            Copy existing = t.nativeCopy;
            if (existing != null && !existing.released) {
                array.close();
                existing.users++;
                return existing;
            }
            if (bytes + c.size > budget) {
                array.close();
                return null;
            }
            bytes += c.size;
            made++;
            c.users = 1;
            t.nativeCopy = c;
            OWNED.computeIfAbsent(owner, o -> new LinkedHashSet<>()).add(c);
        }
        // the action holds the copy, never the tile: the tile becomes unreachable when Spark drops it
        c.cleanable = CLEANER.register(t, c);
        return c;
    }

    /** Frees the copies of {@code owner}'s tiles in this JVM (those in use: when their product ends). */
    static void release(long owner) {
        List<Copy> copies;
        synchronized (NativeTiles.class) {
            Set<Copy> set = OWNED.get(owner);
            copies = set == null ? List.of() : new ArrayList<>(set);
        }
        for (Copy c : copies) {
            Cleaner.Cleanable cl = c.cleanable;
            if (cl != null) {
                cl.clean(); // runs the action once, and unregisters it
            } else {
                c.run();
            }
        }
    }

    /** Bytes of the copies in this JVM not yet freed. */
    static synchronized long bytes() {
        return bytes;
    }

    /** Copies made so far in this JVM (freed or not). */
    static synchronized long made() {
        return made;
    }

    /** Copies of {@code owner}'s tiles in this JVM. */
    static synchronized int copies(long owner) {
        Set<Copy> set = OWNED.get(owner);
        return set == null ? 0 : set.size();
    }

    /**
     * t's entries as stored, [rows, cols] row-major, in this thread's scratch buffer (grown when too small, kept for the
     * next product on the thread): valid until the thread's next call.
     */
    static INDArray scratch(Tile t) {
        DataType type = t.storage().dataType();
        INDArray[] bufs = SCRATCH.get();
        long n = (long) t.rows * t.cols;
        INDArray buf = bufs[type.ordinal()];
        if (buf == null || buf.length() < n) {
            if (buf != null) {
                buf.close();
            }
            buf = Nd4j.createUninitialized(type, new long[] {n}, 'c');
            bufs[type.ordinal()] = buf;
        }
        t.copyInto(buf.data().asNio().order(ByteOrder.nativeOrder()));
        return Nd4j.create(buf.data(), new long[] {t.rows, t.cols}, new long[] {t.cols, 1}, 0, 'c', type);
    }
}
