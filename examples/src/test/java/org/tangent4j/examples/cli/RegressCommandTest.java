package org.tangent4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tangent4j.core.testing.Numeric.assertClose;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.linalg.Matrices;

/** {@code regress} end to end on tiny IDX files written here: 3 classes of 3 x 3 "images". */
class RegressCommandTest {

    @TempDir
    Path dir;

    /** n images of class i % 3: pixel row (i % 3) bright, plus seeded noise; written as gzipped IDX. */
    private Path[] images(String name, int n, int side, long seed) throws IOException {
        Random r = new Random(seed);
        ByteArrayOutputStream x = new ByteArrayOutputStream();
        DataOutputStream xo = new DataOutputStream(x);
        xo.write(new byte[] {0, 0, 8, 3});
        xo.writeInt(n);
        xo.writeInt(side);
        xo.writeInt(side);
        ByteArrayOutputStream y = new ByteArrayOutputStream();
        DataOutputStream yo = new DataOutputStream(y);
        yo.write(new byte[] {0, 0, 8, 1});
        yo.writeInt(n);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < side * side; p++) {
                xo.writeByte((p / side == i % 3 ? 150 : 0) + r.nextInt(100));
            }
            yo.writeByte(i % 3);
        }
        return new Path[] {gz(name + "-images-idx3-ubyte.gz", x.toByteArray()), gz(name + "-labels-idx1-ubyte.gz", y.toByteArray())};
    }

    private Path gz(String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(b);
        }
        return p;
    }

    private static String value(Path summary, String key) throws IOException {
        return Files.readAllLines(summary).stream().filter(l -> l.startsWith(key + ",")).findFirst()
                .map(l -> l.substring(key.length() + 1)).orElseThrow();
    }

    @Test
    void regressesLabelsFromIdxFilesAndResumesFromTiles() throws IOException {
        Path[] train = images("train", 90, 3, 1);
        Path[] test = images("t10k", 30, 3, 2);
        String out = dir.resolve("r").toString();
        String[] args = {"regress", "--train-x", train[0].toString(), "--train-y", train[1].toString(), "--test-x",
            test[0].toString(), "--test-y", test[1].toString(), "--preprocess", "unit", "--depth", "2", "--kernel", "nngp",
            "--ridge", "0.01", "--tiles", dir.resolve("tiles").toString(), "--memory", "2m", "--out", out};
        CliTest.Run run = CliTest.run(args);
        assertThat(run.status()).as(run.err()).isZero();
        INDArray pred = ArrayFiles.read(Path.of(out + "-pred.npy"));
        assertThat(pred.shape()).containsExactly(30, 3);

        // independent route: the same kernel on the same [0, 1]-scaled pixels, explicit LU inverse of K + lambda I
        INDArray xs = ArrayFiles.read(train[0]).reshape(90, 9).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray ts = ArrayFiles.read(test[0]).reshape(30, 9).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        double lo = xs.minNumber().doubleValue();
        double hi = xs.maxNumber().doubleValue();
        xs = xs.sub(lo).div(hi - lo);
        ts = ts.sub(lo).div(hi - lo);
        Kernel k = InfiniteWidth.of(DenseStack.fullyConnected(2, Activations.relu(), 1.0, 0.1)).nngp();
        INDArray kxx = k.gram(xs);
        double lambda = 0.01 * k.diagonal(xs).meanNumber().doubleValue();
        double[][] a = Matrices.addToDiagonal(kxx.dup(), lambda).toDoubleMatrix();
        INDArray inv = Nd4j.createFromArray(new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver().getInverse().getData());
        double[][] y = new double[90][3];
        for (int i = 0; i < 90; i++) {
            for (int c = 0; c < 3; c++) {
                y[i][c] = (c == i % 3 ? 1 : 0) - 1.0 / 3;
            }
        }
        assertClose(pred, k.gram(ts, xs).mmul(inv).mmul(Nd4j.createFromArray(y)), 1e-8, 1e-10);
        Path summary = Path.of(out + "-summary.csv");
        assertThat(Double.parseDouble(value(summary, "accuracy"))).isGreaterThan(0.9);
        assertThat(value(summary, "solver")).isEqualTo("cholesky");
        assertThat(Files.readAllLines(Path.of(out + "-confusion.csv"))).hasSize(4);

        // the finished tile directory is reused: same bits
        assertThat(CliTest.run(args).status()).isZero();
        assertThat(ArrayFiles.read(Path.of(out + "-pred.npy")).toDoubleMatrix()).isDeepEqualTo(pred.toDoubleMatrix());
        // CG to 1e-12 agrees with Cholesky
        String[] cg = args.clone();
        cg[cg.length - 1] = out + "-cg";
        List<String> withCg = new java.util.ArrayList<>(List.of(cg));
        withCg.addAll(List.of("--solver", "cg", "--tolerance", "1e-12"));
        assertThat(CliTest.run(withCg.toArray(String[]::new)).status()).isZero();
        assertClose(ArrayFiles.read(Path.of(out + "-cg-pred.npy")), pred, 1e-8, 1e-10);
        assertThat(value(Path.of(out + "-cg-summary.csv"), "solver")).isEqualTo("cg");
    }

    @Test
    void badInputsAreRefusedWithTheFlag() throws IOException {
        Path[] train = images("train", 30, 3, 1);
        Path[] wide = images("wide", 10, 4, 2);
        String[] base = {"regress", "--train-x", train[0].toString(), "--train-y", train[1].toString(), "--kernel", "nngp",
            "--ridge", "0.1", "--out", dir.resolve("bad").toString()};
        CliTest.Run features = CliTest.run(concat(base, "--test-x", wide[0].toString()));
        assertThat(features.status()).isNotZero();
        assertThat(features.err()).contains("--test-x").contains("16 features: expected 9");
        // test labels outside the training classes 0..2
        ArrayFiles.write(dir.resolve("labels.npy"), Nd4j.createFromArray(0.0, 1, 2, 7, 1, 0, 2, 1, 0, 1));
        Path[] test = images("test", 10, 3, 3);
        CliTest.Run labels = CliTest.run(concat(base, "--test-x", test[0].toString(), "--test-y", dir.resolve("labels.npy").toString()));
        assertThat(labels.err()).contains("--test-y row 3 = 7.0: expected an integer class label in 0..2");
        CliTest.Run memory = CliTest.run(concat(base, "--test-x", test[0].toString(), "--memory", "100k"));
        assertThat(memory.err()).contains("--memory", "too small for even one tile of 30 x 30");
        byte[] junk = {1, 2, 3, 4, 5, 6, 7, 8};
        Files.write(dir.resolve("junk-idx3-ubyte"), junk);
        assertThat(CliTest.run(concat(base, "--test-x", dir.resolve("junk-idx3-ubyte").toString())).err()).contains("IDX magic");
    }

    /** Depth-2 ReLU stack (w_std 1, b_std 0.1), as an architecture file: the layers --depth 2 describes. */
    private static final String DENSE_FILE = """
            {"parameterization": "ntk", "layers": [
              {"type": "dense", "w_std": 1.0, "b_std": 0.1}, {"type": "activation", "activation": "relu"},
              {"type": "dense", "w_std": 1.0, "b_std": 0.1}, {"type": "activation", "activation": "relu"},
              {"type": "dense", "w_std": 1.0, "b_std": 0.1}]}""";

    /** A small CNN with a Flatten readout: 2 x (conv 3x3 SAME, ReLU), flatten, dense; %s: an optional "input" field. */
    private static final String CNN_FILE = """
            {"parameterization": "ntk", %s"layers": [
              {"type": "conv", "filter": [3, 3], "padding": "same", "w_std": %s, "b_std": 0.1},
              {"type": "activation", "activation": "relu"},
              {"type": "conv", "filter": [3, 3], "padding": "same", "w_std": 1.0, "b_std": 0.1},
              {"type": "activation", "activation": "relu"},
              {"type": "flatten"}, {"type": "dense", "w_std": 1.0, "b_std": 0.1}]}""";

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void archFileOfAFullyConnectedStackEqualsTheFlags() throws IOException {
        Path[] train = images("train", 60, 3, 1);
        Path[] test = images("t10k", 20, 3, 2);
        Path dense = file("dense.json", DENSE_FILE);
        for (String kernel : new String[] {"nngp", "ntk"}) {
            String[] base = {"regress", "--train-x", train[0].toString(), "--train-y", train[1].toString(), "--test-x",
                test[0].toString(), "--preprocess", "unit", "--kernel", kernel, "--ridge", "0.01"};
            String flags = dir.resolve("flags-" + kernel).toString();
            String file = dir.resolve("file-" + kernel).toString();
            CliTest.Run a = CliTest.run(concat(base, "--depth", "2", "--out", flags));
            assertThat(a.status()).as(a.err()).isZero();
            CliTest.Run b = CliTest.run(concat(base, "--arch", dense.toString(), "--out", file));
            assertThat(b.status()).as(b.err()).isZero();
            // the 3 x 3 IDX images are rows for a fully-connected file (a dense layer takes no [3, 3, 1] image)
            assertClose(ArrayFiles.read(Path.of(file + "-pred.npy")), ArrayFiles.read(Path.of(flags + "-pred.npy")), 1e-12, 1e-12);
            assertThat(value(Path.of(file + "-summary.csv"), "kernel")).startsWith(kernel + " of {");
        }
    }

    @Test
    void archFileOfACnnOnTinyImagesEqualsTheExplicitInverse() throws IOException {
        int n = 50;
        int nt = 15;
        Path[] train = images("train", n, 6, 3);
        Path[] test = images("t10k", nt, 6, 4);
        Path cnn = file("cnn.json", String.format(CNN_FILE, "", "1.0"));
        INDArray xs = ArrayFiles.read(train[0]).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(n, 6, 6, 1);
        INDArray ts = ArrayFiles.read(test[0]).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(nt, 6, 6, 1);
        double lo = xs.minNumber().doubleValue();
        double hi = xs.maxNumber().doubleValue();
        xs = xs.sub(lo).div(hi - lo);
        ts = ts.sub(lo).div(hi - lo);
        double[][] y = new double[n][3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                y[i][c] = (c == i % 3 ? 1 : 0) - 1.0 / 3;
            }
        }
        Network net = org.tangent4j.core.layers.ArchitectureFile.read(cnn);
        for (String kernel : new String[] {"nngp", "ntk"}) {
            String out = dir.resolve("cnn-" + kernel).toString();
            java.io.PrintStream err = System.err;
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
            CliTest.Run r;
            System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                r = CliTest.run("regress", "--train-x", train[0].toString(), "--train-y", train[1].toString(), "--test-x",
                        test[0].toString(), "--preprocess", "unit", "--arch", cnn.toString(), "--kernel", kernel, "--ridge",
                        "0.01", "--tiles", dir.resolve("tiles-" + kernel).toString(), "--time", "Infinity", "--out", out);
            } finally {
                System.setErr(err);
            }
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("has no \"input\" field: the IDX images of --train-x are taken as [6, 6, 1]");
            // independent route: the layer algebra's kernel on [N, 6, 6, 1] images, explicit LU inverse of K + lambda I
            Kernel k = kernel.equals("nngp") ? net.nngp() : net.ntk();
            INDArray kxx = k.gram(xs, xs);
            double lambda = 0.01 * k.diagonal(xs).meanNumber().doubleValue();
            double[][] a = Matrices.addToDiagonal(kxx.dup(), lambda).toDoubleMatrix();
            INDArray inv = Nd4j.createFromArray(new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver().getInverse().getData());
            INDArray expected = k.gram(ts, xs).mmul(inv).mmul(Nd4j.createFromArray(y));
            assertClose(ArrayFiles.read(Path.of(out + "-pred.npy")), expected, 1e-8, 1e-10);
            assertThat(value(Path.of(out + "-summary.csv"), "kernel")).contains("\"input\" : [ 6; 6; 1 ]", "\"conv\"");
            // the trained infinite-width ensemble at t = infinity: Theta(test, train) Theta^-1 Y (no ridge), by LU
            INDArray theta = net.ntk().gram(xs, xs);
            INDArray thetaInv = Nd4j.createFromArray(new LUDecomposition(new Array2DRowRealMatrix(theta.toDoubleMatrix()))
                    .getSolver().getInverse().getData());
            assertClose(ArrayFiles.read(Path.of(out + "-ensemble.npy")),
                    net.ntk().gram(ts, xs).mmul(thetaInv).mmul(Nd4j.createFromArray(y)), 1e-6, 1e-8);
        }
        // the tiles of this CNN are not reused for another one (the manifest records the whole architecture)
        Path other = file("cnn-other.json", String.format(CNN_FILE, "\"input\": [6, 6, 1], ", "1.5"));
        CliTest.Run foreign = CliTest.run("regress", "--train-x", train[0].toString(), "--train-y", train[1].toString(),
                "--test-x", test[0].toString(), "--preprocess", "unit", "--arch", other.toString(), "--kernel", "nngp",
                "--ridge", "0.01", "--tiles", dir.resolve("tiles-nngp").toString(), "--out", dir.resolve("o").toString());
        assertThat(foreign.status()).isNotZero();
        assertThat(foreign.err()).contains("tile directory", "was made for", "\"w_std\" : 1.0").contains("\"w_std\" : 1.5");
    }

    @Test
    void badArchInputsAreRefusedWithTheFlag() throws IOException {
        Path[] train = images("train", 20, 6, 5);
        Path[] test = images("t10k", 5, 6, 6);
        String[] base = {"regress", "--train-x", train[0].toString(), "--train-y", train[1].toString(), "--test-x",
            test[0].toString(), "--kernel", "nngp", "--ridge", "0.1", "--out", dir.resolve("bad").toString()};
        Path cnn = file("cnn.json", String.format(CNN_FILE, "", "1.0"));
        CliTest.Run both = CliTest.run(concat(base, "--arch", cnn.toString(), "--depth", "2", "--w-std", "1.5"));
        assertThat(both.status()).isNotZero();
        assertThat(both.err()).contains("--arch " + cnn + " together with --depth, --w-std");
        String[] rbfBase = base.clone();
        rbfBase[8] = "rbf";
        CliTest.Run rbf = CliTest.run(concat(rbfBase, "--arch", cnn.toString()));
        assertThat(rbf.err()).contains("--arch " + cnn + " with --kernel rbf", "expected --kernel nngp or ntk");
        CliTest.Run spark = CliTest.run(concat(base, "--arch", cnn.toString(), "--spark", "local[2]"));
        // --arch travels to Spark (the spark module's tests); without that module on the class path: one clear error
        assertThat(spark.err()).contains("--spark local[2]: the spark module or Spark is not on the class path");
        Path five = file("cnn5.json", String.format(CNN_FILE, "\"input\": [5, 5, 1], ", "1.0"));
        assertThat(CliTest.run(concat(base, "--arch", five.toString())).err()).contains("--arch " + five
                + " declares \"input\": [5, 5, 1] (25 values per input) but --train-x " + train[0] + " has shape [20, 6, 6]"
                + " (36 values per input)");
        // rows [N, 36] from a .npy file: a CNN needs the "input" field
        Path rows = dir.resolve("rows.npy");
        ArrayFiles.write(rows, Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 20, 36));
        String[] onRows = base.clone();
        onRows[2] = rows.toString();
        CliTest.Run noInput = CliTest.run(concat(onRows, "--arch", cnn.toString()));
        assertThat(noInput.err()).contains("--arch " + cnn, "--train-x " + rows, "expected the field \"input\": [H, W, C]");
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }
}
