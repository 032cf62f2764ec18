package org.tangent4j.core.tiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tiles in a directory: one raw file per tile ({@code tile-BI-BJ.bin}, entries row-major in the machine's byte order)
 * and a text manifest ({@code manifest.txt}) whose header records what the tiles are (grid, storage, and an identity
 * string naming the kernel, its settings and fingerprints of the data) and whose later lines record each finished
 * tile with its CRC-32C checksum and rounding error.
 *
 * <p>Crash safety: a tile is written to a temporary file, forced to disk, renamed into place, and only then appended
 * to the manifest; a killed run leaves at most an unlisted file, which is recomputed. Reopening with the same header
 * resumes; another header (other kernel, settings or data) is refused with a message naming the difference. A listed
 * tile whose file is missing is recomputed; one whose length or checksum differs from the manifest is refused as
 * corrupted (checked on first read), never used. Tiles are read through memory maps.
 */
public final class DiskTileStore extends AbstractTileStore {

    private static final String MANIFEST = "manifest.txt";
    private static final String FORMAT = "tangent4j tiles 1";

    private final Path dir;
    private final long[][] checksums;
    private final boolean[][] verified;

    private DiskTileStore(Path dir, TileGrid grid, Storage storage) {
        super(grid, storage);
        this.dir = dir;
        this.checksums = new long[grid.rowBlocks()][grid.colBlocks()];
        this.verified = new boolean[grid.rowBlocks()][grid.colBlocks()];
        for (long[] row : checksums) {
            java.util.Arrays.fill(row, -1);
        }
    }

    /**
     * Opens (creating when needed) the tile directory {@code dir} for a matrix with this grid, storage and identity.
     * An existing directory with the same identity, shape and storage is resumed, with its own tile side (so results
     * are bit-identical whatever tile side the caller would have chosen now).
     *
     * @param identity what the entries are: kernel, settings, data fingerprints (one line)
     * @throws IllegalArgumentException when the directory holds tiles of something else
     * @throws UncheckedIOException when the directory cannot be created or read
     */
    public static DiskTileStore open(Path dir, TileGrid grid, Storage storage, String identity) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("identity", identity.replace('\n', ' '));
        header.put("rows", Integer.toString(grid.rows()));
        header.put("cols", Integer.toString(grid.cols()));
        header.put("symmetric", Boolean.toString(grid.symmetric()));
        header.put("storage", storage.name());
        Path manifest = dir.resolve(MANIFEST);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(manifest)) {
                try (var stale = Files.list(dir)) {
                    if (stale.anyMatch(p -> p.getFileName().toString().startsWith("tile-"))) {
                        throw new IllegalArgumentException("tile directory " + dir + " holds tile files but no " + MANIFEST
                                + ": expected an empty directory or one written by tangent4j (delete it to start over)");
                    }
                }
                StringBuilder text = new StringBuilder();
                header.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
                text.append("tile = ").append(grid.tile()).append('\n');
                writeAtomically(manifest, text.toString());
                return new DiskTileStore(dir, grid, storage);
            }
            String text = Files.readString(manifest, StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            Map<String, String> found = new LinkedHashMap<>();
            List<String> entries = new ArrayList<>();
            // the last element is "" after a complete file, or a line cut short by a kill: ignored either way
            for (int i = 0; i < lines.length - 1; i++) {
                String line = lines[i];
                if (line.startsWith("done ")) {
                    entries.add(line);
                } else if (line.contains(" = ")) {
                    int eq = line.indexOf(" = ");
                    found.put(line.substring(0, eq), line.substring(eq + 3));
                }
            }
            for (var e : header.entrySet()) {
                String have = found.get(e.getKey());
                if (!e.getValue().equals(have)) {
                    throw new IllegalArgumentException("tile directory " + dir + " was made for " + e.getKey() + " = " + have
                            + ", this run has " + e.getKey() + " = " + e.getValue()
                            + ": refusing to reuse it; give another tile directory or delete this one");
                }
            }
            int tile;
            try {
                tile = Integer.parseInt(found.getOrDefault("tile", ""));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("tile directory " + dir + ": " + MANIFEST + " has no valid 'tile' line: "
                        + "expected one written by tangent4j (delete it to start over)");
            }
            DiskTileStore store = new DiskTileStore(dir, new TileGrid(grid.rows(), grid.cols(), tile, grid.symmetric()), storage);
            for (String entry : entries) {
                store.load(entry);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("tile directory " + dir + " could not be opened: " + e.getMessage(), e);
        }
    }

    private void load(String line) {
        String[] f = line.split(" ");
        // done BI BJ CRC ERROR
        if (f.length != 5) {
            throw new IllegalArgumentException("tile directory " + dir + ": malformed manifest line '" + line
                    + "': expected 'done BI BJ CRC ERROR' (delete the directory to start over)");
        }
        int bi = Integer.parseInt(f[1]);
        int bj = Integer.parseInt(f[2]);
        if (!grid().isStored(bi, bj)) {
            throw new IllegalArgumentException("tile directory " + dir + ": manifest lists tile (" + bi + ", " + bj
                    + ") outside the grid " + grid() + " (delete the directory to start over)");
        }
        if (Files.exists(file(bi, bj))) {
            checksums[bi][bj] = Long.parseLong(f[3], 16);
            finished(bi, bj, Double.parseDouble(f[4]));
        }
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    private Path file(int bi, int bj) {
        return dir.resolve("tile-" + bi + "-" + bj + ".bin");
    }

    @Override
    public synchronized boolean has(int bi, int bj) {
        return grid().isStored(bi, bj) && checksums[bi][bj] >= 0;
    }

    @Override
    public INDArray read(int bi, int bj) {
        INDArray t = Nd4j.createUninitialized(storage().dataType(), new long[] {grid().rowSize(bi), grid().colSize(bj)}, 'c');
        copy(bi, bj, t);
        return t;
    }

    @Override
    public INDArray readFloat64(int bi, int bj, INDArray scratch) {
        copy(bi, bj, scratch);
        return scratch;
    }

    /** Copies tile (bi, bj) from its memory-mapped file into {@code target} (float64, or the storage's type). */
    private void copy(int bi, int bj, INDArray target) {
        long expected;
        boolean check;
        synchronized (this) {
            if (!has(bi, bj)) {
                throw new IllegalStateException("tile (" + bi + ", " + bj + ") of " + dir + " has not been computed");
            }
            expected = checksums[bi][bj];
            check = !verified[bi][bj];
        }
        int r = grid().rowSize(bi);
        int c = grid().colSize(bj);
        long bytes = (long) r * c * storage().bytes();
        Path f = file(bi, bj);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            if (ch.size() != bytes) {
                throw new IllegalStateException("tile file " + f + " has " + ch.size() + " bytes: expected " + bytes
                        + " as recorded in " + dir.resolve(MANIFEST) + "; the directory is damaged, delete it to recompute");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes);
            map.order(ByteOrder.nativeOrder());
            if (check) {
                CRC32C crc = new CRC32C();
                crc.update(map.duplicate());
                if (crc.getValue() != expected) {
                    throw new IllegalStateException("tile file " + f + " has checksum " + String.format("%08x", crc.getValue())
                            + ": expected " + String.format("%08x", expected) + " as recorded in " + dir.resolve(MANIFEST)
                            + "; the tile is corrupted, delete the directory to recompute");
                }
                synchronized (this) {
                    verified[bi][bj] = true;
                }
            }
            if (target.length() != (long) r * c || target.ordering() != 'c' || target.isView()) {
                throw new IllegalArgumentException("target has shape " + java.util.Arrays.toString(target.shape())
                        + ": expected a row-major [" + r + ", " + c + "] array");
            }
            ByteBuffer out = target.data().asNio().order(ByteOrder.nativeOrder());
            if (target.dataType() == storage().dataType()) {
                out.put(map);
            } else if (storage() == Storage.FLOAT32 && target.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
                java.nio.FloatBuffer in = map.asFloatBuffer();
                java.nio.DoubleBuffer d = out.asDoubleBuffer();
                float[] chunk = new float[8192];
                double[] wide = new double[8192];
                while (in.hasRemaining()) {
                    int n = Math.min(chunk.length, in.remaining());
                    in.get(chunk, 0, n);
                    for (int k = 0; k < n; k++) {
                        wide[k] = chunk[k];
                    }
                    d.put(wide, 0, n);
                }
            } else {
                throw new IllegalArgumentException("target has type " + target.dataType() + ": expected DOUBLE or " + storage().dataType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("tile file " + f + " could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public double write(int bi, int bj, INDArray tile) {
        Rounded rounded = round(bi, bj, tile);
        INDArray stored = rounded.stored();
        double error = rounded.error();
        Storage storage = storage();
        ByteBuffer bytes = stored.data().asNio().order(ByteOrder.nativeOrder());
        bytes.limit((int) (stored.length() * storage.bytes()));
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        Path target = file(bi, bj);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            move(tmp, target);
            synchronized (this) {
                Files.writeString(dir.resolve(MANIFEST), String.format("done %d %d %08x %s%n", bi, bj, crc.getValue(),
                        Double.toString(error)), StandardCharsets.UTF_8, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                checksums[bi][bj] = crc.getValue();
                finished(bi, bj, error);
                verified[bi][bj] = true;
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the unlisted temporary file is recomputed by the next run anyway
            }
            throw new UncheckedIOException("tile (" + bi + ", " + bj + ") could not be written to " + dir + " ("
                    + e.getMessage() + "; is the disk full?): it is not recorded as finished, rerun to resume", e);
        } finally {
            if (stored != tile && stored.closeable()) {
                stored.close();
            }
        }
        return error;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        move(tmp, file);
    }
}
