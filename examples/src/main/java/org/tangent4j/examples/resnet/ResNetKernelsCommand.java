package org.tangent4j.examples.resnet;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.layers.Dense;
import org.tangent4j.core.layers.Elementwise;
import org.tangent4j.core.layers.Layer;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Residual;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Data;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A residual network's infinite-width kernels against depth, with and without the shortcut. Both networks start with
 * Dense(w_std, b_std) and end with Dense(1, 0); in between, L blocks of (ReLU, Dense(w_std, b_std)), either plain
 * (z -&gt; block(z)) or residual (z -&gt; z + block(z), a fan-in sum whose kernels add: K' = K + K_block, Theta' = Theta +
 * Theta_block). Without the shortcut the correlation of two inputs tends to 1 with depth (a deep ReLU network forgets
 * where its inputs differ); with it the correlation falls off far more slowly, and the normalised NTK keeps its shape.
 */
@Command(name = "resnet-kernels", mixinStandardHelpOptions = true,
        description = "A residual network's NNGP/NTK against depth, with and without the shortcut.")
public final class ResNetKernelsCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--max-depth", defaultValue = "64", description = "largest number of blocks L (default: ${DEFAULT-VALUE})")
    int maxDepth;

    @Option(names = "--w-std", defaultValue = "1.0", description = "weight scale of every dense layer (default: ${DEFAULT-VALUE})")
    double wStd;

    @Option(names = "--b-std", defaultValue = "0.1", description = "bias scale (default: ${DEFAULT-VALUE})")
    double bStd;

    @Option(names = "--angles", defaultValue = "61", description = "points on the circle for the NTK shapes (default: ${DEFAULT-VALUE})")
    int angles;

    /** Per depth: the NNGP and NTK correlations of two inputs at a right angle, plain and residual. */
    public record Result(int[] depths, double[][] nngpCorrelation, double[][] ntkCorrelation, Path dir) {
    }

    Result result;

    /** Dense, then {@code blocks} x (ReLU, Dense) plain or with shortcuts, then Dense(1, 0). */
    public static Network network(int blocks, boolean residual, double wStd, double bStd) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Dense(wStd, bStd));
        for (int l = 0; l < blocks; l++) {
            if (residual) {
                layers.add(Residual.of(new Elementwise(Activations.relu()), new Dense(wStd, bStd)));
            } else {
                layers.add(new Elementwise(Activations.relu()));
                layers.add(new Dense(wStd, bStd));
            }
        }
        layers.add(new Dense(1, 0));
        return Network.of(layers);
    }

    @Override
    public Integer call() {
        result = run();
        int last = result.depths().length - 1;
        System.out.printf("correlation of x0 = (1, 0) and x1 = (0, 1), depth L = %d:%n", result.depths()[last]);
        System.out.printf("  NNGP: plain %.6f, residual %.6f%n", result.nngpCorrelation()[0][last], result.nngpCorrelation()[1][last]);
        System.out.printf("  NTK:  plain %.6f, residual %.6f%n", result.ntkCorrelation()[0][last], result.ntkCorrelation()[1][last]);
        System.out.println("wrote " + result.dir().resolve("resnet-kernels-depth.png") + ", resnet-kernels-shapes.png and the CSV files");
        return 0;
    }

    /** Runs the example: the correlations against depth and the NTK shapes at the largest depth. */
    public Result run() {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("--max-depth = " + maxDepth + ": expected an integer >= 1");
        }
        Path dir = output.dir("resnet-kernels");
        INDArray pair = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}});
        List<Integer> ds = new ArrayList<>();
        for (int l = 1; l <= maxDepth; l *= 2) {
            ds.add(l);
        }
        if (ds.get(ds.size() - 1) != maxDepth) {
            ds.add(maxDepth);
        }
        int[] depths = ds.stream().mapToInt(Integer::intValue).toArray();
        double[][] nngp = new double[2][depths.length];
        double[][] ntk = new double[2][depths.length];
        String settings = "Dense(" + wStd + ", " + bStd + "), L x (relu, Dense(" + wStd + ", " + bStd + ")) plain (0) or"
                + " residual z + block(z) (1), Dense(1, 0); NTK parameterization";
        Table t = Table.of("residual", "depth", "nngp_correlation", "ntk_correlation", "nngp_x0", "ntk_x0")
                .note("example", "resnet-kernels").note("architecture", settings)
                .note("inputs", "x0 = (1, 0), x1 = (0, 1); correlation = k(x0, x1) / sqrt(k(x0, x0) k(x1, x1))");
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < depths.length; i++) {
                KernelPair k = network(depths[i], r == 1, wStd, bStd).kernels(pair, pair);
                nngp[r][i] = correlation(k.nngp());
                ntk[r][i] = correlation(k.ntk());
                t.row(r, depths[i], nngp[r][i], ntk[r][i], k.nngp().getDouble(0, 0), k.ntk().getDouble(0, 0));
            }
        }
        t.save(dir.resolve("resnet-kernels-depth.csv"));
        double[] x = new double[depths.length];
        for (int i = 0; i < depths.length; i++) {
            x[i] = depths[i];
        }
        Color plain = new Color(214, 39, 40);
        Color residual = new Color(31, 119, 180);
        Plot.titled("Correlation of two orthogonal inputs against depth").axes("blocks L", "k(x0, x1) / sqrt(k(x0, x0) k(x1, x1))")
                .logX()
                .series("NNGP, plain", x, nngp[0], Plot.Style.LINE, plain)
                .series("NTK, plain", x, ntk[0], Plot.Style.DASHED, plain)
                .series("NNGP, residual", x, nngp[1], Plot.Style.LINE, residual)
                .series("NTK, residual", x, ntk[1], Plot.Style.DASHED, residual)
                .savePng(dir.resolve("resnet-kernels-depth"));

        INDArray circle = Data.circle(angles);
        INDArray x0 = circle.getRows(angles / 2).dup();
        double[] gamma = Data.circleAngles(angles);
        Table shapes = Table.of("residual", "gamma", "ntk_normalised").note("example", "resnet-kernels shapes")
                .note("architecture", settings + ", L = " + maxDepth);
        Plot shapePlot = Plot.titled("Theta(x0, x(gamma)) / Theta(x0, x0), L = " + maxDepth).axes("gamma", "normalised NTK")
                .angleAxis();
        for (int r = 0; r < 2; r++) {
            INDArray row = network(maxDepth, r == 1, wStd, bStd).kernels(x0, circle).ntk();
            double t0 = row.getDouble(0, angles / 2);
            double[] y = new double[angles];
            for (int a = 0; a < angles; a++) {
                y[a] = row.getDouble(0, a) / t0;
                shapes.row(r, gamma[a], y[a]);
            }
            shapePlot.series(r == 1 ? "residual" : "plain", gamma, y, Plot.Style.LINE, r == 1 ? residual : plain);
        }
        shapes.save(dir.resolve("resnet-kernels-shapes.csv"));
        shapePlot.savePng(dir.resolve("resnet-kernels-shapes"));
        result = new Result(depths, nngp, ntk, dir);
        return result;
    }

    private static double correlation(INDArray k) {
        return k.getDouble(0, 1) / Math.sqrt(k.getDouble(0, 0) * k.getDouble(1, 1));
    }
}
