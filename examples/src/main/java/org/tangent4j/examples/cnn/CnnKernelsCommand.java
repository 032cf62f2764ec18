package org.tangent4j.examples.cnn;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.layers.LayerNetwork;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.layers.Conv;
import org.tangent4j.core.layers.Dense;
import org.tangent4j.core.layers.Elementwise;
import org.tangent4j.core.layers.Flatten;
import org.tangent4j.core.layers.GlobalAvgPool;
import org.tangent4j.core.layers.KernelState;
import org.tangent4j.core.layers.Layer;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Padding;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Table;
import org.tangent4j.examples.support.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * CNN-GP and CNTK (Novak et al. 2019; Arora et al. 2019) on small images: a bright blob moved along a row of an
 * S x S image, through two CIRCULAR 3x3 convolutions with ReLU and a Flatten or a GlobalAvgPool readout. The
 * Flatten kernel forgets a blob that moved; the pooled kernel, whose convolutions are circular, does not. Empirical
 * NTKs of finite CNNs realized from the same description converge to the analytic ones like width^-1/2, and the
 * spatial covariance K(x0, p; x0, q) after the convolutions is drawn as a picture.
 */
@Command(name = "cnn-kernels", mixinStandardHelpOptions = true,
        description = "CNN-GP / CNTK with Flatten and GlobalAvgPool on small images; wide CNNs converge to them.")
public final class CnnKernelsCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--size", defaultValue = "6", description = "image side S (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--widths", split = ",", defaultValue = "16,64,256", description = "CNN widths (default: ${DEFAULT-VALUE})")
    int[] widths;

    @Option(names = "--seeds", defaultValue = "8", description = "initialisations per width (default: ${DEFAULT-VALUE})")
    int seeds;

    /** Per readout and width: the rms relative Frobenius error of the empirical NTK. */
    public record Result(double[][] errors, double[] flattenRow, double[] poolRow, Path dir) {
    }

    Result result;

    /** The convolutional body: 2 x (Conv 3x3 CIRCULAR, ReLU). */
    static List<Layer> body() {
        return List.of(Conv.of(3, 3, Padding.CIRCULAR, Math.sqrt(2), 0.1), new Elementwise(Activations.relu()),
                Conv.of(3, 3, Padding.CIRCULAR, Math.sqrt(2), 0.1), new Elementwise(Activations.relu()));
    }

    static Network network(boolean pool) {
        List<Layer> l = new ArrayList<>(body());
        l.add(pool ? new GlobalAvgPool() : new Flatten());
        l.add(new Dense(1, 0));
        return Network.of(l);
    }

    /** S images [S, S, S, 1]: a Gaussian blob (sd 0.8 pixels) at column c = 0 .. S-1 of the middle row. */
    static INDArray blobs(int s) {
        double[] v = new double[s * s * s];
        for (int c = 0; c < s; c++) {
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    double di = i - s / 2;
                    double dj = Math.min(Math.abs(j - c), s - Math.abs(j - c)); // periodic distance
                    v[(c * s + i) * s + j] = Math.exp(-(di * di + dj * dj) / (2 * 0.64));
                }
            }
        }
        return Nd4j.create(v, new long[] {s, s, s, 1}, DataType.DOUBLE);
    }

    @Override
    public Integer call() {
        result = run();
        System.out.printf("Theta(x0, x_c) / Theta(x0, x0), c = 0..%d:%n  flatten %s%n  pooled  %s%n", size - 1,
                java.util.Arrays.toString(round(result.flattenRow())), java.util.Arrays.toString(round(result.poolRow())));
        for (int w = 0; w < widths.length; w++) {
            System.out.printf("width %5d: NTK rel. error flatten %.4f, pooled %.4f%n", widths[w], result.errors()[0][w],
                    result.errors()[1][w]);
        }
        System.out.println("wrote " + result.dir().resolve("cnn-kernels.png") + ", cnn-kernels-convergence.png,"
                + " cnn-kernels-spatial.png and the CSV files");
        return 0;
    }

    private static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] * 1000) / 1000.0;
        }
        return out;
    }

    /** Runs the experiment; writes the figures and tables. */
    public Result run() {
        Threads.preferSingle();
        Path dir = output.dir("cnn-kernels");
        INDArray x = blobs(size);
        INDArray rows = x.reshape(size, (long) size * size);
        Shape in = Shape.image(size, size, 1);
        double[] position = new double[size];
        for (int c = 0; c < size; c++) {
            position[c] = c;
        }
        Table kernels = Table.of("readout", "c", "nngp", "ntk").note("example", "cnn-kernels")
                .note("architecture", "2 x (conv 3x3 circular, w_std sqrt 2, b_std 0.1, relu), flatten (0) or"
                        + " global-avg-pool (1), dense (1, 0); NTK parameterization")
                .note("inputs", size + " images " + size + "x" + size + "x1: a Gaussian blob at column c of the middle row");
        double[][] rowsOut = new double[2][];
        KernelPair[] exact = new KernelPair[2];
        for (int r = 0; r < 2; r++) {
            exact[r] = network(r == 1).kernels(x, x);
            double[] row = new double[size];
            for (int c = 0; c < size; c++) {
                row[c] = exact[r].ntk().getDouble(0, c) / exact[r].ntk().getDouble(0, 0);
                kernels.row(r, c, exact[r].nngp().getDouble(0, c), exact[r].ntk().getDouble(0, c));
            }
            rowsOut[r] = row;
        }
        kernels.save(dir.resolve("cnn-kernels.csv"));
        Plot.titled("CNTK of a moved blob: Theta(x0, x_c) / Theta(x0, x0)").axes("blob column c", "normalised NTK")
                .series("Flatten readout", position, rowsOut[0], Plot.Style.LINE, new Color(214, 39, 40))
                .series("GlobalAvgPool readout", position, rowsOut[1], Plot.Style.LINE, new Color(31, 119, 180))
                .savePng(dir.resolve("cnn-kernels"));

        double[][] errors = new double[2][widths.length];
        Table conv = Table.of("readout", "width", "ntk_rel_error").note("example", "cnn-kernels convergence")
                .note("definition", "rms over " + seeds + " initialisations of ||Theta_emp - Theta||_F / ||Theta||_F,"
                        + " JACOBIAN method, one output").note("seed", output.seed);
        EmpiricalTangentKernel etk = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN);
        double[] ws = new double[widths.length];
        double[] guide = new double[widths.length];
        for (int r = 0; r < 2; r++) {
            for (int w = 0; w < widths.length; w++) {
                LayerNetwork f = LayerNetwork.realize(network(r == 1), in, widths[w], 1, output.seed);
                double e2 = 0;
                for (int s = 0; s < seeds; s++) {
                    f.reinitialise(output.seed * 1000 + 7L * widths[w] + s);
                    INDArray t = etk.compute(f, rows).traced();
                    double e = t.sub(exact[r].ntk()).norm2Number().doubleValue() / exact[r].ntk().norm2Number().doubleValue();
                    e2 += e * e;
                }
                errors[r][w] = Math.sqrt(e2 / seeds);
                conv.row(r, widths[w], errors[r][w]);
                ws[w] = widths[w];
                guide[w] = errors[0][0] * Math.sqrt((double) widths[0] / widths[w]);
            }
        }
        conv.save(dir.resolve("cnn-kernels-convergence.csv"));
        Plot.titled("Empirical CNTK of finite CNNs against the limit").axes("width (channels)", "relative error").logLog()
                .series("Flatten", ws, errors[0], Plot.Style.LINE, new Color(214, 39, 40))
                .series("GlobalAvgPool", ws, errors[1], Plot.Style.LINE, new Color(31, 119, 180))
                .series("width^-1/2", ws, guide, Plot.Style.DASHED, Color.GRAY)
                .savePng(dir.resolve("cnn-kernels-convergence"));

        // K(x0, p; x0, q) after the convolutional body, every pair of positions
        KernelState s = KernelState.input(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup(),
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup(), true);
        for (Layer l : body()) {
            s = l.kernel(s);
        }
        int p = s.positions();
        double[][] cov = new double[p][p];
        Table spatial = Table.of("p", "q", "nngp").note("example", "cnn-kernels spatial covariance")
                .note("definition", "K(x0, p; x0, q) after 2 x (conv 3x3 circular, relu); positions row-major");
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                cov[a][b] = s.nngp(0, 0, a, b);
                spatial.row(a, b, cov[a][b]);
            }
        }
        spatial.save(dir.resolve("cnn-kernels-spatial.csv"));
        heatMap(cov, dir.resolve("cnn-kernels-spatial.png"));
        result = new Result(errors, rowsOut[0], rowsOut[1], dir);
        return result;
    }

    /** A P x P matrix as a picture, 8 pixels per entry, white (0) to dark blue (the maximum). */
    static void heatMap(double[][] m, Path file) {
        int cell = 8;
        int n = m.length;
        double max = 0;
        for (double[] row : m) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        BufferedImage img = new BufferedImage(n * cell, n * cell, BufferedImage.TYPE_INT_RGB);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double t = max == 0 ? 0 : Math.abs(m[a][b]) / max;
                Color c = new Color((int) (255 * (1 - t)), (int) (255 * (1 - 0.8 * t)), 255 - (int) (90 * t));
                for (int i = 0; i < cell; i++) {
                    for (int j = 0; j < cell; j++) {
                        img.setRGB(b * cell + j, a * cell + i, c.getRGB());
                    }
                }
            }
        }
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
