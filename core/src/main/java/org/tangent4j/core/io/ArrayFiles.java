package org.tangent4j.core.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.Matrices;

/**
 * Arrays to and from files, the format chosen by the extension (case-insensitive):
 * <ul>
 *   <li>{@code .npy}: NumPy's binary format (version 1.0), read by ND4J ({@code Nd4j.createFromNpyFile}). Any rank;
 *       the dtype is kept, so float64 round-trips bit for bit and {@code numpy.load} reads it. float64, float32,
 *       int32 and int64 arrays are written straight from their native buffer in chunks (no second copy of the array
 *       in memory, which {@code Nd4j.writeAsNumpy} makes); other dtypes through {@code Nd4j.writeAsNumpy}.</li>
 *   <li>{@code .csv}: plain text, one matrix row per line, values separated by commas, optional leading lines
 *       starting with {@code #} (a header or comments). Rank 2 only; read as float64. Written with
 *       {@link Double#toString}, the shortest decimal that parses back to the same double: exact round trip.</li>
 *   <li>{@code *-ubyte}, {@code *.idx} (optionally {@code .gz}): the IDX format of MNIST-style data sets, read only
 *       ({@link IdxFiles}).</li>
 * </ul>
 * NaN and infinities: they are data, not errors, at this layer. {@code NaN}, {@code Infinity}, {@code -Infinity}
 * (and NumPy's {@code nan}, {@code inf}, {@code -inf}) are read and written as such; the kernels and models that
 * consume the arrays reject non-finite input with a message naming the entry.
 */
public final class ArrayFiles {

    private ArrayFiles() {
    }

    /** The formats, chosen by extension. */
    enum Format {
        NPY, CSV;

        static Format of(Path path) {
            String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".npy")) {
                return NPY;
            }
            if (name.endsWith(".csv")) {
                return CSV;
            }
            throw new IllegalArgumentException("path = " + path + " has an unknown extension: expected .npy or .csv");
        }
    }

    /**
     * Reads an array.
     *
     * @throws IllegalArgumentException for an unknown extension, a missing or unreadable file, or a malformed CSV
     *     (naming line and column)
     */
    public static INDArray read(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path = null: expected a .npy or .csv file");
        }
        if (IdxFiles.isIdx(path)) {
            return IdxFiles.read(path); // *-ubyte, *.idx (optionally .gz): MNIST-style data sets, read only
        }
        Format format = Format.of(path);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("path = " + path + (Files.exists(path) ? " is not a regular file" : " does not exist")
                    + ": expected a readable " + format.name().toLowerCase(Locale.ROOT) + " file");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("path = " + path + " is not readable: expected a readable file");
        }
        return format == Format.NPY ? readNpy(path) : readCsv(path);
    }

    /**
     * The first {@code maxRows} rows (along the first axis; all of them if the file has fewer) of the array in a file.
     * An IDX file converts and keeps only those ({@link IdxFiles#read(Path, long)}); .npy and .csv are read whole.
     *
     * @throws IllegalArgumentException as {@link #read(Path)}, and for maxRows &lt; 1
     */
    public static INDArray read(Path path, long maxRows) {
        Checks.positive("maxRows", maxRows);
        if (path != null && IdxFiles.isIdx(path)) {
            return IdxFiles.read(path, maxRows);
        }
        INDArray a = read(path);
        return a.rank() == 0 || a.size(0) <= maxRows ? a : Matrices.rows(a, 0, maxRows);
    }

    /**
     * Writes an array (replacing an existing file). CSV needs a rank-2 array.
     *
     * @throws IllegalArgumentException for an unknown extension or a CSV of another rank
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path path, INDArray array) {
        if (path == null || array == null) {
            throw new IllegalArgumentException("path = " + path + ", array = " + array + ": expected both");
        }
        Format format = Format.of(path);
        try {
            if (format == Format.NPY) {
                if (NPY_DESCR.containsKey(array.dataType())) {
                    writeNpy(path, array, NPY_CHUNK);
                } else {
                    Nd4j.writeAsNumpy(array, path.toFile());
                }
            } else {
                writeCsv(path, array);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path + ": " + e.getMessage(), e);
        }
    }

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** NumPy dtype strings of the types written from the native buffer (x86-64 and aarch64: little-endian). */
    private static final java.util.Map<DataType, String> NPY_DESCR = java.util.Map.of(
            DataType.DOUBLE, "<f8", DataType.FLOAT, "<f4", DataType.INT, "<i4", DataType.LONG, "<i8");

    /** Bytes per write: 64 MB. */
    static final long NPY_CHUNK = 1L << 26;

    /**
     * Writes NumPy format 1.0: magic, version, a little-endian uint16 header length, the header dict padded with spaces
     * and a newline to a multiple of 64 bytes, then the row-major data, {@code chunk} bytes per write.
     */
    static void writeNpy(Path path, INDArray array, long chunk) throws IOException {
        if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
            Nd4j.writeAsNumpy(array, path.toFile());
            return;
        }
        boolean direct = array.ordering() == 'c' && !array.isView() && array.offset() == 0 && array.length() == array.data().length();
        INDArray c = direct ? array : array.dup('c');
        long[] shape = c.shape();
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + (dims.length() > 0 ? dims.substring(0, dims.length() - 2) : "") + ")";
        String dict = "{'descr': '" + NPY_DESCR.get(c.dataType()) + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(10 + header.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        head.put(NPY_MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        head.flip();
        long bytes = c.length() * c.data().getElementSize();
        org.bytedeco.javacpp.BytePointer data = new org.bytedeco.javacpp.BytePointer(c.data().addressPointer());
        data.capacity(bytes);
        try (var channel = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            while (head.hasRemaining()) {
                channel.write(head);
            }
            for (long off = 0; off < bytes; off += chunk) {
                java.nio.ByteBuffer part = data.position(off).limit(Math.min(bytes, off + chunk)).asByteBuffer();
                while (part.hasRemaining()) {
                    channel.write(part);
                }
            }
        }
    }

    private static INDArray readNpy(Path path) {
        byte[] head = new byte[NPY_MAGIC.length];
        try (var in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n < head.length || !Arrays.equals(head, NPY_MAGIC)) {
                throw new IllegalArgumentException("path = " + path + " does not start with the .npy magic \\x93NUMPY: "
                        + "expected a NumPy array file");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("path = " + path + " could not be read (" + e + "): expected a readable file", e);
        }
        try {
            return Nd4j.createFromNpyFile(path.toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("path = " + path + " could not be read as .npy (" + e.getMessage()
                    + "): expected a NumPy array file", e);
        }
    }

    private static INDArray readCsv(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("path = " + path + " could not be read (" + e + "): expected a readable file", e);
        }
        List<double[]> rows = new ArrayList<>();
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (header && line.startsWith("#")) {
                continue;
            }
            header = false;
            if (line.isEmpty()) {
                if (lines.subList(i, lines.size()).stream().allMatch(String::isBlank)) {
                    break;
                }
                throw new IllegalArgumentException(path + " line " + (i + 1) + " is empty: expected " + columnsOf(rows)
                        + " comma-separated numbers");
            }
            String[] cells = line.split(",", -1);
            if (!rows.isEmpty() && cells.length != rows.get(0).length) {
                throw new IllegalArgumentException(path + " line " + (i + 1) + " has " + cells.length
                        + " columns: expected " + rows.get(0).length + " like the first data row");
            }
            double[] row = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                row[j] = parse(cells[j].strip(), path, i + 1, j + 1);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(path + " has no data rows: expected at least one line of numbers");
        }
        return Nd4j.createFromArray(rows.toArray(new double[0][]));
    }

    private static String columnsOf(List<double[]> rows) {
        return rows.isEmpty() ? "" : Integer.toString(rows.get(0).length);
    }

    private static double parse(String cell, Path path, int line, int column) {
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        try {
            if (cell.isEmpty() || cell.endsWith("d") || cell.endsWith("D") || cell.endsWith("f") || cell.endsWith("F")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + " line " + line + " column " + column + " = \"" + cell
                    + "\": expected a number (or nan / inf / -inf)");
        }
    }

    private static void writeCsv(Path path, INDArray array) throws IOException {
        if (array.rank() != 2) {
            throw new IllegalArgumentException("array has shape " + Arrays.toString(array.shape())
                    + ": expected a rank-2 [rows, columns] matrix for .csv (use .npy for other ranks)");
        }
        double[][] m = array.castTo(DataType.DOUBLE).toDoubleMatrix();
        try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            for (double[] row : m) {
                sb.setLength(0);
                for (int j = 0; j < row.length; j++) {
                    if (j > 0) {
                        sb.append(',');
                    }
                    sb.append(row[j]);
                }
                w.write(sb.toString());
                w.newLine();
            }
        }
    }
}
