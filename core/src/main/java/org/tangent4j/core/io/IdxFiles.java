package org.tangent4j.core.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;

/**
 * Reads the IDX format of LeCun's MNIST distribution (also Fashion-MNIST, KMNIST, EMNIST): {@code *-idx3-ubyte}
 * (images, [N, rows, cols]) and {@code *-idx1-ubyte} (labels, [N]), plain or gzipped.
 *
 * <p>Layout (big-endian): two zero bytes, a type code (0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32,
 * 0x0D float32, 0x0E float64), the number of dimensions r, then r int32 sizes, then the values in row-major order.
 * Every value of these types is exactly a double, so the array is returned as float64 without rounding; the rank and
 * shape are the file's. A wrong magic, a size that does not match the data (truncated or with trailing bytes) is
 * refused with a message naming the file; nothing is padded or cut. Gzip is recognised by its magic (0x1f 0x8b),
 * not by the name.
 */
public final class IdxFiles {

    private IdxFiles() {
    }

    /** True for the names this reader takes: {@code *-ubyte}, {@code *.idx}, each optionally with {@code .gz}. */
    public static boolean isIdx(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        return name.endsWith("-ubyte") || name.endsWith(".idx");
    }

    /**
     * Reads an IDX file (gzipped or not) as a float64 array of the file's shape.
     *
     * @throws IllegalArgumentException for a missing file, a wrong magic number, an unknown type code, or a size that
     *     does not match the data
     */
    public static INDArray read(Path path) {
        return read(path, Long.MAX_VALUE);
    }

    /**
     * The first {@code maxRows} rows (along the first axis; all of them if the file has fewer) of an IDX file as a
     * float64 array, shape [min(N, maxRows), ...]. Only those values are converted and kept (straight into the native
     * array: 8,000 of Fashion-MNIST's 60,000 training images take 50 MB, not the whole file's 376 MB twice, as a
     * Java array and its native copy); the rest of the file is still read, so that a truncated file or trailing bytes
     * are refused as by {@link #read(Path)}.
     *
     * @throws IllegalArgumentException as {@link #read(Path)}, and for maxRows &lt; 1
     */
    public static INDArray read(Path path, long maxRows) {
        Checks.positive("maxRows", maxRows);
        if (path == null || !Files.isRegularFile(path)) {
            throw new IllegalArgumentException("path = " + path + " does not exist or is not a regular file: expected an IDX file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return read(path, new DataInputStream(in), maxRows);
        } catch (ZipException e) {
            throw new IllegalArgumentException(path + " is not a valid gzip stream (" + e.getMessage() + "): expected a gzipped IDX file", e);
        } catch (EOFException e) {
            throw new IllegalArgumentException(path + " is truncated (the gzip stream ends early): expected a complete IDX file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + " could not be read (" + e + "): expected a readable IDX file", e);
        }
    }

    private static INDArray read(Path path, DataInputStream in, long maxRows) throws IOException {
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4 || magic[0] != 0 || magic[1] != 0) {
            throw new IllegalArgumentException(path + " starts with bytes " + hex(magic, got)
                    + ": expected the IDX magic 00 00 TYPE RANK (is it an IDX file?)");
        }
        int type = magic[2] & 0xff;
        int width = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new IllegalArgumentException(path + " has IDX type code 0x" + Integer.toHexString(type)
                    + ": expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e");
        };
        int rank = magic[3] & 0xff;
        if (rank == 0) {
            throw new IllegalArgumentException(path + " declares 0 dimensions: expected at least 1");
        }
        long[] shape = new long[rank];
        long count = 1;
        byte[] dims = new byte[4 * rank];
        if (in.readNBytes(dims, 0, dims.length) < dims.length) {
            throw new IllegalArgumentException(path + " is truncated in its header: expected " + rank + " dimension sizes");
        }
        ByteBuffer db = ByteBuffer.wrap(dims).order(ByteOrder.BIG_ENDIAN);
        for (int k = 0; k < rank; k++) {
            shape[k] = db.getInt() & 0xffffffffL;
        }
        try {
            for (long s : shape) {
                count = Math.multiplyExact(count, s);
            }
            Math.multiplyExact(count, width);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(path + " declares shape " + Arrays.toString(shape) + ": more than 2^63 bytes"
                    + " of data, expected a valid IDX header");
        }
        long[] kept = shape.clone();
        kept[0] = Math.min(shape[0], maxRows);
        long keptCount = shape[0] == 0 ? 0 : count / shape[0] * kept[0];
        if (keptCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(path + " declares shape " + Arrays.toString(shape) + ": reading "
                    + Arrays.toString(kept) + " (" + keptCount + " values) exceeds 2^31 - 1 values: expected fewer rows");
        }
        INDArray out = keptCount == 0 ? Nd4j.createFromArray(new double[0]).reshape('c', kept)
                : Nd4j.createUninitialized(DataType.DOUBLE, kept, 'c');
        DoubleBuffer target = keptCount == 0 ? null : out.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        long total = count * width;
        long keptBytes = keptCount * width;
        byte[] chunk = new byte[(1 << 20) / 8 * 8]; // a multiple of every width
        double[] values = new double[chunk.length];
        long done = 0;
        while (done < total) {
            int want = (int) Math.min(chunk.length, total - done);
            int n = in.readNBytes(chunk, 0, want);
            if (n < want) {
                throw new IllegalArgumentException(path + " is truncated: shape " + Arrays.toString(shape) + " needs "
                        + total + " bytes of data, found " + (done + n));
            }
            if (done < keptBytes) {
                int m = (int) (Math.min(n, keptBytes - done) / width);
                ByteBuffer bb = ByteBuffer.wrap(chunk, 0, m * width).order(ByteOrder.BIG_ENDIAN);
                for (int i = 0; i < m; i++) {
                    values[i] = switch (type) {
                        case 0x08 -> chunk[i] & 0xff;
                        case 0x09 -> chunk[i];
                        case 0x0B -> bb.getShort();
                        case 0x0C -> bb.getInt();
                        case 0x0D -> bb.getFloat();
                        default -> bb.getDouble();
                    };
                }
                target.put(values, 0, m);
            }
            done += n;
        }
        if (in.read() != -1) {
            throw new IllegalArgumentException(path + " has bytes after the " + total + " bytes of data its shape "
                    + Arrays.toString(shape) + " declares: expected the file to end there");
        }
        return out;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.max(n, 0); i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
        }
        return n <= 0 ? "(none)" : s.toString();
    }
}
