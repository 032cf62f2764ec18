package org.tangent4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.layers.LayerNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.testing.Numeric;

/** {@code train --arch} and {@code predict --arch}: the same numbers as the flags for a dense file, and CNNs on images. */
class ArchitectureTrainPredictTest {

    /** --depth 2 --activation relu --w-std 1.2 --b-std 0.1 as an architecture file. */
    static final String DENSE = """
            {"parameterization": "ntk", "layers": [
              {"type": "dense", "w_std": 1.2, "b_std": 0.1}, {"type": "activation", "activation": "relu"},
              {"type": "dense", "w_std": 1.2, "b_std": 0.1}, {"type": "activation", "activation": "relu"},
              {"type": "dense", "w_std": 1.2, "b_std": 0.1}]}
            """;
    static final String[] FLAGS = {"--depth", "2", "--activation", "relu", "--w-std", "1.2", "--b-std", "0.1"};

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The numbers of a CSV table (its comment lines hold the settings, which name the architecture differently). */
    static List<String> rows(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).collect(Collectors.toList());
    }

    static void ok(String... args) {
        CliTest.Run r = CliTest.run(args);
        assertThat(r.status()).as(r.err()).isZero();
    }

    @Test
    void trainWithADenseFileEqualsTrainWithFlags(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dense.json"), DENSE);
        INDArray x = Numeric.gaussian(3, 6, 2);
        ArrayFiles.write(dir.resolve("x.npy"), x);
        ArrayFiles.write(dir.resolve("y.npy"), x.getColumn(0).mul(x.getColumn(1)).reshape(6, 1));
        String[] common = {"train", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
            "--width", "16", "--seed", "4", "--lr", "0.5", "--steps", "12", "--track-every", "4"};
        ok(concat(concat(common, FLAGS), "--save-final", dir.resolve("f1").toString(), "--out", dir.resolve("a").toString()));
        ok(concat(common, "--arch", dir.resolve("dense.json").toString(), "--save-final", dir.resolve("f2").toString(),
                "--out", dir.resolve("b").toString()));
        assertThat(rows(dir.resolve("b-loss.csv"))).isEqualTo(rows(dir.resolve("a-loss.csv")));
        assertThat(rows(dir.resolve("b-drift.csv"))).isEqualTo(rows(dir.resolve("a-drift.csv")));
        for (String p : List.of("layers.0.W", "layers.0.b", "layers.2.W", "layers.4.W", "layers.4.b")) {
            INDArray a = Nd4j.createFromNpyFile(dir.resolve("f1").resolve(p + ".npy").toFile());
            INDArray b = Nd4j.createFromNpyFile(dir.resolve("f2").resolve(p + ".npy").toFile());
            Numeric.assertClose(b, a, 0, 0);
        }
        // both folders describe the same network, and the flags' one loads as a DenseNetwork
        assertThat(ArchitectureFile.read(dir.resolve("f1").resolve("arch.json")))
                .isEqualTo(ArchitectureFile.read(dir.resolve("f2").resolve("arch.json")));
        Numeric.assertClose(DenseNetworks.load(dir.resolve("f1")).apply(x), LayerNetwork.load(dir.resolve("f2")).apply(x), 0, 0);
    }

    @Test
    void predictWithADenseFileEqualsPredictWithFlags(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dense.json"), DENSE);
        INDArray x = Numeric.gaussian(5, 7, 3);
        ArrayFiles.write(dir.resolve("x.npy"), x);
        ArrayFiles.write(dir.resolve("y.npy"), Numeric.gaussian(6, 7, 2));
        ArrayFiles.write(dir.resolve("t.npy"), Numeric.gaussian(7, 4, 3));
        String[] common = {"predict", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
            "--test", dir.resolve("t.npy").toString(), "--covariance"};
        for (String[] mode : List.of(new String[] {"--gp", "--noise", "0.01"}, new String[] {"--flow", "--time", "3"})) {
            ok(concat(concat(concat(common, mode), FLAGS), "--out", dir.resolve("a").toString()));
            ok(concat(concat(common, mode), "--arch", dir.resolve("dense.json").toString(), "--out", dir.resolve("b").toString()));
            for (String s : List.of("-mean.npy", "-var.npy", "-cov.npy")) {
                Numeric.assertClose(ArrayFiles.read(dir.resolve("b" + s)), ArrayFiles.read(dir.resolve("a" + s)), 1e-13, 1e-15);
            }
        }
    }

    /**
     * predict --gp --arch on 3x3x2 images: the posterior mean K(T, X) (K(X, X) + s2 I)^-1 Y and variance
     * diag(K(T, T) - K(T, X) (K(X, X) + s2 I)^-1 K(X, T)), with the NNGP from Network.nngp() and an explicit inverse
     * (LU, not the command's Cholesky route); and --flow at t = infinity interpolates the training targets.
     */
    @Test
    void predictOnImagesIsTheGpPosteriorOfTheNetworksNngp(@TempDir Path dir) throws Exception {
        Path arch = dir.resolve("cnn.json");
        Files.writeString(arch, ArchitectureCliTest.CNN);
        INDArray x = images(5, 6);
        INDArray t = images(6, 3);
        INDArray y = Numeric.gaussian(8, 6, 2);
        ArrayFiles.write(dir.resolve("x.npy"), x);
        ArrayFiles.write(dir.resolve("t.npy"), t);
        ArrayFiles.write(dir.resolve("y.npy"), y);
        String[] common = {"predict", "--arch", arch.toString(), "--x", dir.resolve("x.npy").toString(), "--y",
            dir.resolve("y.npy").toString(), "--test", dir.resolve("t.npy").toString()};
        ok(concat(common, "--gp", "--noise", "0.01", "--out", dir.resolve("g").toString()));
        Network net = ArchitectureFile.parse(ArchitectureCliTest.CNN);
        INDArray kxx = net.nngp().gram(x, x).add(Nd4j.eye(6).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).muli(0.01));
        INDArray ktx = net.nngp().gram(t, x);
        INDArray inv = Nd4j.create(new org.apache.commons.math3.linear.LUDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(kxx.toDoubleMatrix())).getSolver().getInverse().getData());
        INDArray mean = ktx.mmul(inv).mmul(y);
        INDArray var = diagonal(net.nngp().gram(t, t).sub(ktx.mmul(inv).mmul(ktx.transpose())));
        // two factorisations of one matrix with condition number ~1e2: rounding only
        Numeric.assertClose(ArrayFiles.read(dir.resolve("g-mean.npy")), mean, 1e-11, 1e-13);
        Numeric.assertClose(ArrayFiles.read(dir.resolve("g-var.npy")), var, 1e-10, 1e-13);

        ok("predict", "--arch", arch.toString(), "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
                "--test", dir.resolve("x.npy").toString(), "--flow", "--time", "inf", "--out", dir.resolve("f").toString());
        Numeric.assertClose(ArrayFiles.read(dir.resolve("f-mean.npy")), y, 1e-8, 1e-10);
        // the trained ensemble's variance vanishes at the training points
        assertThat(ArrayFiles.read(dir.resolve("f-var.npy")).amaxNumber().doubleValue()).isLessThan(1e-9);
    }

    /**
     * train --arch with a CNN on images: the saved initial and final networks load back, and their loss on the training
     * data, computed here, is the first and last entry of the loss table.
     */
    @Test
    void trainOnImagesSavesNetworksWhoseLossIsTheTables(@TempDir Path dir) throws Exception {
        Path arch = dir.resolve("cnn.json");
        Files.writeString(arch, ArchitectureCliTest.CNN);
        INDArray x = images(9, 5);
        INDArray y = Numeric.gaussian(10, 5, 1);
        ArrayFiles.write(dir.resolve("x.npy"), x);
        ArrayFiles.write(dir.resolve("y.npy"), y.reshape(5));
        ok("train", "--arch", arch.toString(), "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
                "--width", "8", "--lr", "0.5", "--steps", "10", "--track-every", "5", "--save-params",
                dir.resolve("n0").toString(), "--save-final", dir.resolve("n1").toString(), "--out", dir.resolve("r").toString());
        List<String> loss = rows(dir.resolve("r-loss.csv"));
        assertThat(loss).hasSize(12); // header and steps 0..10
        INDArray r = x.reshape(5, 18);
        for (String[] c : List.of(new String[] {"n0", loss.get(1)}, new String[] {"n1", loss.get(11)})) {
            LayerNetwork f = LayerNetwork.load(dir.resolve(c[0]));
            assertThat(f.inputShape().toString()).isEqualTo("[3, 3, 2]");
            INDArray e = f.apply(r).sub(y);
            double l = e.mul(e).sumNumber().doubleValue() / (2 * 5);
            Numeric.assertClose(Double.parseDouble(c[1].split(",")[1]), l, 1e-12, 1e-15);
        }
        assertThat(Double.parseDouble(loss.get(11).split(",")[1])).isLessThan(Double.parseDouble(loss.get(1).split(",")[1]));
        assertThat(Nd4j.createFromNpyFile(dir.resolve("n1").resolve("layers.0.W.npy").toFile()).shape())
                .containsExactly(3, 3, 2, 8);

        // kernel --empirical --arch --save-params: the saved network is the one realized with that seed
        ok("kernel", "--empirical", "--arch", arch.toString(), "--x1", dir.resolve("x.npy").toString(), "--width", "8",
                "--seed", "3", "--save-params", dir.resolve("k").toString(), "--out", dir.resolve("e").toString());
        Numeric.assertClose(LayerNetwork.load(dir.resolve("k")).apply(r),
                LayerNetwork.realize(ArchitectureFile.parse(ArchitectureCliTest.CNN),
                        org.tangent4j.core.layers.Shape.image(3, 3, 2), 8, 1, 3).apply(r), 0, 0);
    }

    @Test
    void badInputNamesTheFlagTheLayerAndTheValue(@TempDir Path dir) throws Exception {
        Path cnn = dir.resolve("cnn.json");
        Files.writeString(cnn, ArchitectureCliTest.CNN);
        Path dense = dir.resolve("dense.json");
        Files.writeString(dense, DENSE);
        ArrayFiles.write(dir.resolve("img.npy"), images(1, 4));
        ArrayFiles.write(dir.resolve("small.npy"), Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 2, 2, 3));
        ArrayFiles.write(dir.resolve("y.npy"), Numeric.gaussian(2, 4, 1));
        String img = dir.resolve("img.npy").toString();
        String y = dir.resolve("y.npy").toString();
        assertThat(CliTest.run("train", "--arch", cnn.toString(), "--depth", "2", "--activation", "tanh", "--x", img,
                "--y", y, "--out", dir.resolve("o").toString()).err())
                .contains("--arch " + cnn + " together with --depth, --activation: the architecture file describes every layer");
        assertThat(CliTest.run("kernel", "--analytic", "--arch", cnn.toString(), "--b-std", "0", "--x1", img,
                "--out", dir.resolve("o").toString()).err()).contains("together with --b-std");
        assertThat(CliTest.run("predict", "--gp", "--arch", dense.toString(), "--x", img, "--y", y, "--test", img,
                "--out", dir.resolve("o").toString()).err())
                .contains("--arch " + dense + " on --x " + img + " (shape [4, 3, 3, 2], per input [3, 3, 2]): layer layers[0]"
                        + " (dense): dense on an input of shape [3, 3, 2] (spatial)");
        assertThat(CliTest.run("predict", "--flow", "--arch", cnn.toString(), "--x", img, "--y", y, "--test",
                dir.resolve("small.npy").toString(), "--out", dir.resolve("o").toString()).err())
                .contains("--test " + dir.resolve("small.npy") + " has shape [4, 2, 2, 3]: expected the per-input shape"
                        + " [3, 3, 2] of --x (shape [4, 3, 3, 2])");
        Path valid = dir.resolve("valid.json");
        Files.writeString(valid, ArchitectureCliTest.CNN.replace("\"filter\": [3, 3], \"padding\": \"circular\"",
                "\"filter\": [4, 4], \"padding\": \"valid\""));
        assertThat(CliTest.run("train", "--arch", valid.toString(), "--x", img, "--y", y, "--out",
                dir.resolve("o").toString()).err()).contains("--arch " + valid + " on --x " + img).contains("layer layers[0] (conv");
        assertThat(CliTest.run("kernel", "--monte-carlo", "--arch", cnn.toString(), "--x1", img, "--save-params",
                dir.resolve("s").toString(), "--out", dir.resolve("o").toString()).err())
                .contains("--save-params " + dir.resolve("s") + ": expected it with --empirical only");
    }

    static INDArray images(long seed, int n) {
        INDArray a = Numeric.gaussian(seed, n, 18);
        return a.reshape('c', n, 3, 3, 2);
    }

    static INDArray diagonal(INDArray m) {
        INDArray d = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, m.rows());
        for (int i = 0; i < m.rows(); i++) {
            d.putScalar(i, m.getDouble(i, i));
        }
        return d;
    }
}
