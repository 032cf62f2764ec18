package org.tangent4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tangent4j.core.testing.Numeric.assertClose;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.check.Memory;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.testing.Numeric;

/**
 * What a user sees when an input does not fit: the flag, the file, its shape and what was expected; memory refused
 * before it is allocated, with the size, what is available and what to do instead; multi-output targets.
 */
class CommandChecksTest {

    @TempDir
    Path dir;

    private String file(String name, INDArray a) {
        Path p = dir.resolve(name);
        ArrayFiles.write(p, a);
        return p.toString();
    }

    private static String error(String... args) {
        CliTest.Run r = CliTest.run(args);
        assertThat(r.status()).as("status of %s", String.join(" ", args)).isEqualTo(1);
        assertThat(r.err()).doesNotContain("\tat ");
        return r.err();
    }

    @Test
    void arraysOfTheWrongShapeAreNamedByTheirFlag() {
        String x3 = file("x3.npy", Nd4j.rand(DataType.DOUBLE, 4, 2, 3));
        String x = file("x.npy", Numeric.gaussian(1, 6, 2));
        assertThat(error("kernel", "--analytic", "--x1", x3, "--out", dir.resolve("k").toString()))
                .contains("--x1 " + x3 + " has shape [4, 2, 3]: expected a [N, d] matrix, one point per row")
                .doesNotContain("Rank is 3");
        assertThat(error("kernel", "--analytic", "--x1", x, "--x2", file("v.npy", Nd4j.rand(DataType.DOUBLE, 5)), "--out", dir.resolve("k").toString()))
                .contains("--x2").contains("has shape [5]: expected a [N, d] matrix");
        assertThat(error("kernel", "--analytic", "--x1", x, "--x2", file("x3c.npy", Numeric.gaussian(2, 4, 3)), "--out", dir.resolve("k").toString()))
                .contains("has shape [4, 3]: expected 2 columns, the input dimension d of --x1 (shape [6, 2])");
        assertThat(error("train", "--x", x3, "--y", x, "--out", dir.resolve("t").toString())).contains("--x " + x3 + " has shape [4, 2, 3]");
        // Targets keep their shape in the message (they were once flattened: "targets has shape [400]").
        assertThat(error("predict", "--gp", "--x", x, "--y", file("y.npy", Numeric.gaussian(3, 5, 2)), "--test", x, "--out", dir.resolve("p").toString()))
                .contains("--y").contains("has shape [5, 2]: expected [6] or [6, k], one row of targets per row of --x (shape [6, 2])");
        assertThat(error("predict", "--flow", "--x", x, "--y", file("y6.npy", Numeric.gaussian(3, 6, 1)), "--test", file("t.npy", Numeric.gaussian(4, 3, 5)),
                "--out", dir.resolve("p").toString())).contains("--test").contains("has shape [3, 5]: expected 2 columns");
        INDArray nan = Numeric.gaussian(3, 6, 1);
        nan.putScalar(4, 0, Double.NaN);
        assertThat(error("predict", "--gp", "--x", x, "--y", file("nan.npy", nan), "--test", x, "--out", dir.resolve("p").toString()))
                .contains("--y " + dir.resolve("nan.npy") + " contains NaN at [4, 0] (shape [6, 1]): expected finite values");
        assertThat(error("predict", "--gp", "--x", dir.resolve("missing.npy").toString(), "--y", x, "--test", x, "--out", "p"))
                .contains("--x " + dir.resolve("missing.npy") + ": ").contains("does not exist");
    }

    @Test
    void optionsAreNamedByTheirFlag() {
        String x = file("x.npy", Numeric.gaussian(1, 6, 2));
        String y = file("y.npy", Numeric.gaussian(2, 6, 1));
        String out = dir.resolve("o").toString();
        assertThat(error("kernel", "--analytic", "--x1", x, "--w-std", "-1", "--out", out)).contains("--w-std = -1.0: expected a finite number >= 0");
        assertThat(error("kernel", "--analytic", "--x1", x, "--b-std", "NaN", "--out", out)).contains("--b-std = NaN");
        assertThat(error("kernel", "--analytic", "--x1", x, "--depth", "-2", "--out", out)).contains("--depth = -2: expected an integer >= 0");
        assertThat(error("kernel", "--analytic", "--x1", x, "--activation", "foo", "--out", out)).contains("--activation = 'foo': unknown");
        assertThat(error("kernel", "--empirical", "--x1", x, "--width", "0", "--out", out)).contains("--width = 0: expected an integer > 0");
        assertThat(error("kernel", "--monte-carlo", "--x1", x, "--samples", "0", "--out", out)).contains("--samples = 0: expected an integer > 0");
        assertThat(error("train", "--x", x, "--y", y, "--lr", "-1", "--out", out)).contains("--lr = -1.0: expected a finite number > 0");
        assertThat(error("train", "--x", x, "--y", y, "--track-every", "0", "--out", out)).contains("--track-every = 0: expected an integer >= 1");
        assertThat(error("train", "--x", x, "--y", y, "--steps", "-1", "--out", out)).contains("--steps = -1");
        assertThat(error("predict", "--flow", "--x", x, "--y", y, "--test", x, "--lr", "0", "--out", out)).contains("--lr = 0.0");
        assertThat(error("predict", "--gp", "--x", x, "--y", y, "--test", x, "--noise", "-1", "--out", out)).contains("--noise = -1.0");
        // Duplicate points without noise: the advice names --noise, not the library's noiseVariance.
        String dup = file("dup.npy", Nd4j.vstack(Numeric.gaussian(1, 6, 2), Numeric.gaussian(1, 6, 2)));
        assertThat(error("predict", "--gp", "--x", dup, "--y", file("y12.npy", Numeric.gaussian(2, 12, 1)), "--test", x, "--out", out))
                .contains("--gp: the NNGP Gram matrix of the 12 points of --x plus --noise 0.0 times I is not positive definite")
                .contains("--noise 1e-6");
    }

    /** The parameter count the refusals report, against the network DenseNetworks builds. */
    @Test
    void parameterCountIsTheBuiltNetworks() {
        for (int depth : new int[] {0, 1, 3}) {
            for (boolean bias : new boolean[] {true, false}) {
                DenseStack stack = DenseStack.fullyConnected(depth, Activations.relu(), 1.0, bias ? 0.1 : 0);
                long built = DenseNetworks.realize(stack, 3, 7, 2, 0).parameterCount();
                assertThat(Footprint.parameters(depth, 3, 7, 2, bias)).as("depth %d, biases %s", depth, bias).isEqualTo(built);
            }
        }
        // --width 100000, depth 3, d = 2, one output: 2e5 + 2 (1e10) + 1e5 weights, 3e5 + 1 biases; beyond an int.
        assertThat(Footprint.parameters(3, 2, 100_000, 1, true)).isEqualTo(20_000_600_001L);
    }

    @Test
    void widthsThatDoNotFitAreRefusedBeforeAllocating() {
        String x = file("x.csv", Numeric.gaussian(1, 4, 2));
        String y = file("y.npy", Numeric.gaussian(2, 4, 2));
        String out = dir.resolve("o").toString();
        // Was "integer overflow".
        assertThat(error("kernel", "--empirical", "--x1", x, "--width", "100000", "--out", out))
                .contains("kernel --empirical on 4 x 4 points at --width 100000 (a network of 20,000,600,001 parameters)")
                .contains("10000000000 entries in one Java array needed, at most 2^31 - 1 possible").contains("use a smaller --width (at most about");
        // Was java.lang.OutOfMemoryError with a stack trace (7.2 GB for one 30000 x 30000 weight matrix).
        assertThat(error("train", "--x", x, "--y", y, "--width", "30000", "--out", out))
                .contains("train on 4 points with 2 outputs at --width 30000 (a network of 1,800,210,002 parameters)")
                .containsAnyOf("of Java heap needed, the JVM's maximum heap is " + Memory.format(Memory.maxHeap()), "of native memory needed")
                .contains("use a smaller --width");
        assertThat(error("kernel", "--monte-carlo", "--x1", x, "--width", "30000", "--out", out)).contains("--width 30000");
    }

    /**
     * Points whose two N x N results exceed the native memory available (was: killed by the operating system after
     * 78 s, no output): refused at once. The machine's memory is capped at 900 MB for this test (-Dtangent4j.maxNative),
     * so the refusal does not depend on what other processes use: 8000 points need 2 x 512 MB.
     */
    @Test
    void analyticKernelsLargerThanMemoryAreRefusedBeforeAllocating() throws Exception {
        Path csv = dir.resolve("many.csv");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8000; i++) {
            sb.append(i % 7 - 3).append('\n');
        }
        Files.writeString(csv, sb);
        String before = System.getProperty(Memory.MAX_NATIVE_PROPERTY);
        System.setProperty(Memory.MAX_NATIVE_PROPERTY, "900m");
        try {
            assertThat(error("kernel", "--analytic", "--x1", csv.toString(), "--out", dir.resolve("k").toString()))
                    .contains("kernel --analytic: the NNGP and NTK matrices [8000, 8000] (2 x 512 MB): 1.02 GB of native memory needed, ")
                    .contains("available (MemAvailable in /proc/meminfo, at most -Dtangent4j.maxNative=900m")
                    .contains("use fewer points, or compute the kernels in blocks (tiles)");
            assertThat(error("predict", "--gp", "--x", csv.toString(), "--y", csv.toString(), "--test", csv.toString(), "--covariance",
                    "--out", dir.resolve("p").toString())).contains("predict on 8000 training and 8000 test points with --covariance")
                    .contains("leave out --covariance");
        } finally {
            if (before == null) {
                System.clearProperty(Memory.MAX_NATIVE_PROPERTY);
            } else {
                System.setProperty(Memory.MAX_NATIVE_PROPERTY, before);
            }
        }
        assertThat(Files.exists(dir.resolve("k-ntk.npy"))).isFalse();
    }

    /**
     * predict with targets [N, 3]: one run equals three single-column runs and the direct formula
     * K(T, X) (K(X, X) + s2 I)^-1 Y (Commons Math LU inverse); the covariance is written only with --covariance, and the
     * variances always, equal to its diagonal.
     */
    @Test
    void predictTakesSeveralOutputsAndWritesTheCovarianceOnlyWhenAsked() {
        INDArray xs = Numeric.gaussian(3, 6, 2);
        INDArray ys = Numeric.gaussian(4, 6, 3);
        INDArray ts = Numeric.gaussian(5, 5, 2);
        String x = file("x.npy", xs);
        String test = file("t.npy", ts);
        String[] common = {"--x", x, "--test", test, "--depth", "2", "--noise", "0.01"};
        assertThat(CliTest.run(concat(new String[] {"predict", "--gp", "--y", file("y.npy", ys), "--out", dir.resolve("all").toString()}, common))
                .status()).isZero();
        INDArray mean = ArrayFiles.read(dir.resolve("all-mean.npy"));
        assertThat(mean.shape()).containsExactly(5, 3);
        assertThat(Files.exists(dir.resolve("all-cov.npy"))).isFalse();
        for (int c = 0; c < 3; c++) {
            String yc = file("y" + c + ".npy", ys.getColumn(c).dup());
            assertThat(CliTest.run(concat(new String[] {"predict", "--gp", "--y", yc, "--out", dir.resolve("c" + c).toString()}, common))
                    .status()).isZero();
            assertClose(mean.getColumn(c).dup(), ArrayFiles.read(dir.resolve("c" + c + "-mean.npy")).reshape(5), 1e-12, 1e-14);
        }
        InfiniteWidth limits = InfiniteWidth.of(DenseStack.fullyConnected(2, Activations.relu(), 1.0, 0.1));
        INDArray a = limits.nngp().gram(xs).add(Nd4j.eye(6).castTo(DataType.DOUBLE).mul(0.01));
        double[][] inv = new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(
                a.toDoubleMatrix())).getSolver().getInverse().getData();
        assertClose(mean, limits.nngp().gram(ts, xs).mmul(Nd4j.createFromArray(inv)).mmul(ys), 1e-9, 1e-12);
        assertThat(CliTest.run(concat(new String[] {"predict", "--gp", "--y", file("y.npy", ys), "--covariance", "--out",
            dir.resolve("cov").toString()}, common)).status()).isZero();
        INDArray cov = ArrayFiles.read(dir.resolve("cov-cov.npy"));
        assertClose(ArrayFiles.read(dir.resolve("cov-var.npy")), Nd4j.diag(cov), 1e-10, 1e-13);
        // --flow at t = infinity with three outputs interpolates every column.
        assertThat(CliTest.run("predict", "--flow", "--x", x, "--y", file("y.npy", ys), "--test", x, "--depth", "2", "--out",
                dir.resolve("f").toString()).status()).isZero();
        assertClose(ArrayFiles.read(dir.resolve("f-mean.npy")), ys, 1e-8, 1e-10);
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }
}
