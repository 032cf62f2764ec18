package org.tangent4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class IdxFilesTest {

    @TempDir
    Path dir;

    /** The bytes of an unsigned-byte IDX file written by hand from the format's definition. */
    private static byte[] ubyteIdx(int[] shape, int[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x08, (byte) shape.length});
        for (int s : shape) {
            out.writeInt(s);
        }
        for (int v : values) {
            out.writeByte(v);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            o.write(content);
        }
        return p;
    }

    @Test
    void readsImagesAndLabelsPlainAndGzipped() throws IOException {
        int[] pixels = new int[2 * 3 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 37 + 200) % 256; // includes values above 127: unsigned
        }
        byte[] images = ubyteIdx(new int[] {2, 3, 2}, pixels);
        for (boolean gz : new boolean[] {false, true}) {
            Path p = write("x-idx3-ubyte" + (gz ? ".gz" : ""), images, gz);
            INDArray a = ArrayFiles.read(p);
            assertThat(a.shape()).containsExactly(2, 3, 2);
            assertThat(a.getDouble(1, 2, 1)).isEqualTo(pixels[11]);
            assertThat(a.getDouble(0, 1, 0)).isEqualTo(pixels[2]);
            assertThat(a.data().asDouble()).containsExactly(Arrays.stream(pixels).asDoubleStream().toArray());
        }
        Path labels = write("y-idx1-ubyte", ubyteIdx(new int[] {4}, new int[] {9, 0, 3, 255}), false);
        assertThat(ArrayFiles.read(labels).toDoubleVector()).containsExactly(9, 0, 3, 255);
    }

    @Test
    void readsWiderTypesBigEndian() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x0E, 2});
        out.writeInt(1);
        out.writeInt(2);
        out.writeDouble(-1.5e300);
        out.writeDouble(Math.PI);
        INDArray a = IdxFiles.read(write("d.idx", bytes.toByteArray(), false));
        assertThat(a.shape()).containsExactly(1, 2);
        assertThat(a.toDoubleMatrix()[0]).containsExactly(-1.5e300, Math.PI);
    }

    @Test
    void refusesWrongMagicTruncationTrailingBytesAndBadGzip() throws IOException {
        byte[] good = ubyteIdx(new int[] {2, 2}, new int[] {1, 2, 3, 4});
        byte[] magic = good.clone();
        magic[0] = 0x08;
        assertThatThrownBy(() -> ArrayFiles.read(write("m-idx1-ubyte", magic, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m-idx1-ubyte").hasMessageContaining("magic");
        byte[] cut = Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> ArrayFiles.read(write("t-idx3-ubyte", cut, false)))
                .hasMessageContaining("truncated").hasMessageContaining("needs 4 bytes of data, found 3");
        assertThatThrownBy(() -> ArrayFiles.read(write("t-idx3-ubyte.gz", cut, true))).hasMessageContaining("truncated");
        byte[] gz = gzip(good);
        assertThatThrownBy(() -> ArrayFiles.read(write("g-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length - 12), false)))
                .hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> ArrayFiles.read(write("l-idx3-ubyte", longer, false))).hasMessageContaining("bytes after");
        byte[] type = good.clone();
        type[2] = 0x07;
        assertThatThrownBy(() -> ArrayFiles.read(write("c-idx3-ubyte", type, false))).hasMessageContaining("type code 0x7");
    }

    /**
     * The first rows of a file: the same values as the whole file's first rows (1.5 of the 3 MB of an int16 file,
     * so the cut falls inside a read chunk, plainly and gzipped; rows of a ubyte file), all rows when fewer than
     * asked, and the whole file still checked: a truncated or longer file is refused even when the rows asked for are
     * complete.
     */
    @Test
    void readsTheFirstRowsAndStillChecksTheWholeFile() throws IOException {
        int rows = 3000;
        int cols = 500;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {0, 0, 0x0B, 2});
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < rows * cols; i++) {
            out.writeShort(value(i));
        }
        byte[] file = bytes.toByteArray();
        for (boolean gz : new boolean[] {false, true}) {
            Path p = write("s" + gz + ".idx" + (gz ? ".gz" : ""), file, gz);
            INDArray first = ArrayFiles.read(p, 1500);
            assertThat(first.shape()).containsExactly(1500, cols);
            double[] v = first.data().asDouble();
            for (int i = 0; i < v.length; i++) {
                if (v[i] != value(i)) {
                    throw new AssertionError("entry " + i + ": " + v[i] + ", expected " + value(i));
                }
            }
            assertThat(ArrayFiles.read(p, 10_000).shape()).containsExactly(rows, cols);
            // isEqualTo: Arrays.equals (containsExactly is quadratic on arrays this long)
            assertThat(ArrayFiles.read(p, rows).data().asDouble()).isEqualTo(ArrayFiles.read(p).data().asDouble());
        }
        assertThatThrownBy(() -> ArrayFiles.read(write("s.idx", Arrays.copyOf(file, file.length - 2), false), 10))
                .hasMessageContaining("truncated").hasMessageContaining("needs 3000000 bytes of data, found 2999998");
        assertThatThrownBy(() -> ArrayFiles.read(write("s.idx", Arrays.copyOf(file, file.length + 1), false), 10))
                .hasMessageContaining("bytes after");
        assertThatThrownBy(() -> ArrayFiles.read(dir.resolve("s.idx"), 0)).hasMessageContaining("maxRows = 0");
        int[] pixels = new int[3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 53 + 7) % 256;
        }
        INDArray two = IdxFiles.read(write("p-idx3-ubyte", ubyteIdx(new int[] {3, 2, 2}, pixels), false), 2);
        assertThat(two.shape()).containsExactly(2, 2, 2);
        assertThat(two.data().asDouble()).containsExactly(Arrays.stream(pixels).limit(8).asDoubleStream().toArray());
    }

    /** Entry i of the int16 test file: both signs, the extremes. */
    private static short value(int i) {
        return (short) ((i * 7919L) % 65536 - 32768);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(o)) {
            g.write(b);
        }
        return o.toByteArray();
    }

    /** The Fashion-MNIST files of the Debian package dataset-fashion-mnist, checked against the data set's README. */
    @Test
    void readsFashionMnistWhenInstalled() {
        Path root = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("t10k-labels-idx1-ubyte.gz")),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        INDArray x = ArrayFiles.read(root.resolve("t10k-images-idx3-ubyte.gz"));
        INDArray y = ArrayFiles.read(root.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(x.shape()).containsExactly(10000, 28, 28);
        assertThat(x.minNumber().doubleValue()).isEqualTo(0);
        assertThat(x.maxNumber().doubleValue()).isEqualTo(255);
        // the README: 10,000 test images, 1,000 per class; the first test image is an ankle boot (class 9)
        int[] counts = new int[10];
        for (double v : y.toDoubleVector()) {
            counts[(int) v]++;
        }
        assertThat(counts).containsOnly(1000);
        assertThat(y.getDouble(0)).isEqualTo(9);
        // the first 1,234 images alone: the same values
        INDArray first = ArrayFiles.read(root.resolve("t10k-images-idx3-ubyte.gz"), 1234);
        assertThat(first.shape()).containsExactly(1234, 28, 28);
        assertThat(first.data().asDouble()).isEqualTo(
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1234)).dup('c').data().asDouble());
    }
}
