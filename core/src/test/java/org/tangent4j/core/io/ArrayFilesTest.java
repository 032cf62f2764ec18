package org.tangent4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.gaussian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ArrayFilesTest {

    @TempDir
    Path dir;

    /** Values that expose any lossy conversion: subnormal, extremes, -0.0, non-terminating decimals. */
    private static INDArray awkward() {
        INDArray a = gaussian(61, 4, 3).muli(1e7 / 3);
        a.putScalar(0, 0, Double.MIN_VALUE);
        a.putScalar(0, 1, -Double.MAX_VALUE);
        a.putScalar(0, 2, -0.0);
        a.putScalar(1, 0, 1.0 / 3);
        a.putScalar(1, 1, Math.PI * 1e-300);
        return a;
    }

    private static void assertBitwiseEqual(INDArray actual, INDArray expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertThat(actual.dataType()).isEqualTo(DataType.DOUBLE);
        double[] a = actual.dup('c').data().asDouble();
        double[] e = expected.dup('c').data().asDouble();
        for (int i = 0; i < a.length; i++) {
            assertThat(Double.doubleToRawLongBits(a[i])).as("entry %d: %s vs %s", i, a[i], e[i])
                    .isEqualTo(Double.doubleToRawLongBits(e[i]));
        }
    }

    @Test
    void npyRoundTripsFloat64BitForBitInNumpysFormat() throws IOException {
        Path p = dir.resolve("a.npy");
        INDArray a = awkward();
        ArrayFiles.write(p, a);
        assertBitwiseEqual(ArrayFiles.read(p), a);
        // Independent check of the format itself (what numpy.load parses): magic, version, little-endian float64 dtype,
        // C order and shape in the header.
        byte[] bytes = Files.readAllBytes(p);
        assertThat(bytes[0]).isEqualTo((byte) 0x93);
        String header = new String(bytes, 1, 120, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("NUMPY").contains("'descr': '<f8'").contains("'fortran_order': False").contains("(4, 3)");
        // Rank 1 and rank 3 too.
        INDArray v = Nd4j.createFromArray(1.5, -2.25, 1e-310);
        ArrayFiles.write(dir.resolve("v.NPY"), v);
        assertBitwiseEqual(ArrayFiles.read(dir.resolve("v.NPY")), v);
        INDArray t = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
        ArrayFiles.write(p, t);
        assertBitwiseEqual(ArrayFiles.read(p), t);
    }

    /**
     * The chunked writer: chunks of 24 bytes (3 doubles) across a [7, 5] array, a transposed view and a float32 array
     * read back bit for bit by ND4J's own reader; the data start at a multiple of 64 bytes, as NumPy's format asks.
     */
    @Test
    void npyIsWrittenInChunksFromTheNativeBuffer() throws IOException {
        Path p = dir.resolve("c.npy");
        INDArray a = Nd4j.rand(DataType.DOUBLE, 7, 5);
        ArrayFiles.writeNpy(p, a, 24);
        assertBitwiseEqual(ArrayFiles.read(p), a);
        byte[] bytes = Files.readAllBytes(p);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(bytes.length).isEqualTo(10 + headerLength + 7 * 5 * 8);
        ArrayFiles.writeNpy(p, a.transpose(), 24);
        assertBitwiseEqual(ArrayFiles.read(p), a.transpose());
        INDArray f = Nd4j.rand(DataType.FLOAT, 3, 2);
        ArrayFiles.write(p, f);
        INDArray back = ArrayFiles.read(p);
        assertThat(back.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(back).isEqualTo(f);
    }

    @Test
    void csvRoundTripsExactlyAndReadsHeadersAndNonFiniteTokens() throws IOException {
        Path p = dir.resolve("a.csv");
        INDArray a = awkward();
        ArrayFiles.write(p, a);
        assertBitwiseEqual(ArrayFiles.read(p), a);
        // A file as numpy.savetxt(delimiter=',', header=...) writes it, with nan/inf tokens and a blank last line.
        Path q = dir.resolve("numpy.csv");
        Files.writeString(q, "# x0,x1\n# second comment\n1.5e+00,nan\n-inf, 2.5e-03 \nInfinity,-0.0\n\n");
        INDArray m = ArrayFiles.read(q);
        assertThat(m.shape()).containsExactly(3L, 2L);
        assertBitwiseEqual(m, Nd4j.createFromArray(new double[][] {
            {1.5, Double.NaN}, {Double.NEGATIVE_INFINITY, 0.0025}, {Double.POSITIVE_INFINITY, -0.0}}));
        ArrayFiles.write(p, m);
        assertBitwiseEqual(ArrayFiles.read(p), m);
    }

    @Test
    void badFilesGiveClearMessages() throws IOException {
        Path missing = dir.resolve("missing.npy");
        assertThatThrownBy(() -> ArrayFiles.read(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path = " + missing + " does not exist");
        Path folder = Files.createDirectory(dir.resolve("folder.csv"));
        assertThatThrownBy(() -> ArrayFiles.read(folder)).hasMessageContaining("is not a regular file");
        assertThatThrownBy(() -> ArrayFiles.read(dir.resolve("a.txt")))
                .hasMessageContaining("a.txt has an unknown extension: expected .npy or .csv");
        assertThatThrownBy(() -> ArrayFiles.write(dir.resolve("a.json"), Nd4j.ones(2, 2)))
                .hasMessageContaining("unknown extension");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "#h\n1,2,3\n4,x5,6\n");
        assertThatThrownBy(() -> ArrayFiles.read(bad)).hasMessageContaining("line 3 column 2 = \"x5\": expected a number");
        Files.writeString(bad, "1,2,3\n4,5\n");
        assertThatThrownBy(() -> ArrayFiles.read(bad)).hasMessageContaining("line 2 has 2 columns: expected 3");
        Files.writeString(bad, "1,2\n\n3,4\n");
        assertThatThrownBy(() -> ArrayFiles.read(bad)).hasMessageContaining("line 2 is empty");
        Files.writeString(bad, "1,,2\n");
        assertThatThrownBy(() -> ArrayFiles.read(bad)).hasMessageContaining("line 1 column 2 = \"\"");
        Files.writeString(bad, "# only a header\n");
        assertThatThrownBy(() -> ArrayFiles.read(bad)).hasMessageContaining("has no data rows");
        Path notNpy = dir.resolve("text.npy");
        Files.writeString(notNpy, "1,2,3\n");
        assertThatThrownBy(() -> ArrayFiles.read(notNpy)).hasMessageContaining("does not start with the .npy magic");
        assertThatThrownBy(() -> ArrayFiles.write(dir.resolve("t.csv"), Nd4j.ones(DataType.DOUBLE, 2, 2, 2)))
                .hasMessageContaining("array has shape [2, 2, 2]: expected a rank-2");
    }
}
