package org.tangent4j.examples.functionspace;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.gp.GaussianProcess;
import org.tangent4j.core.gp.Posterior;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Data;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Gaussian-process regression on a 1-D task: prior samples, then the posterior (mean, 10th/90th percentile band and
 * samples) after conditioning on noisy observations, for each kernel in {@link #kernels()}.
 */
@Command(name = "gp-posterior", mixinStandardHelpOptions = true,
        description = "Gaussian process prior and posterior samples on a 1-D regression task (RBF, NNGP and NTK kernels).")
public final class GpPosteriorCommand implements Callable<Integer> {

    /** Jitter added to the sampled covariances, relative to the largest prior variance on the grid. */
    static final double SAMPLING_JITTER = 1e-8;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--points", defaultValue = "12", description = "training points (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--noise", defaultValue = "0.01", description = "observation noise variance s^2 (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--samples", defaultValue = "5", description = "functions drawn from prior and posterior (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--grid", defaultValue = "150", description = "test points on [-3.5, 3.5] (default: ${DEFAULT-VALUE})")
    int gridSize;

    /** Per kernel: the log marginal likelihood and the largest posterior standard deviation at the training points. */
    public record KernelSummary(String kernel, double logMarginalLikelihood, double maxTrainStd, double rmseToTruth) {
    }

    /** What the run measured. */
    public record Result(List<KernelSummary> kernels, Path dir) {
    }

    Result result;

    /** The kernels compared: an RBF kernel and the infinite-width kernels of a ReLU network (1-D input with a bias feature). */
    Map<String, Kernel> kernels() {
        Map<String, Kernel> k = new LinkedHashMap<>();
        k.put("rbf", new RbfKernel(0.8));
        // A ReLU network with two hidden layers on the raw 1-D input; b_std = 1 gives the bias a visible role.
        InfiniteWidth relu = InfiniteWidth.of(DenseStack.fullyConnected(2, Activations.relu(), 1.5, 1.0));
        k.put("nngp", relu.nngp());
        k.put("ntk", relu.ntk());
        return k;
    }

    @Override
    public Integer call() {
        result = run();
        System.out.printf("%-8s %14s %14s %12s%n", "kernel", "log p(y|X)", "max sd(train)", "rmse(truth)");
        for (KernelSummary s : result.kernels()) {
            System.out.printf("%-8s %14.4f %14.4f %12.4f%n", s.kernel(), s.logMarginalLikelihood(), s.maxTrainStd(), s.rmseToTruth());
        }
        System.out.println("wrote " + result.dir().resolve("*.png") + " and *.csv");
        return 0;
    }

    /** Runs the example and writes one prior and one posterior plot per kernel, plus CSV tables. */
    public Result run() {
        Path dir = output.dir("gp-posterior");
        long seed = output.seed;
        INDArray x = Data.uniform1d(seed, points, -3, 3);
        INDArray y = Data.targets(x, GpPosteriorCommand::truth, Math.sqrt(noise), seed + 1);
        INDArray grid = Data.grid1d(gridSize, -3.5, 3.5);
        double[] g = Data.column(grid, 0);
        double[] truth = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            truth[i] = truth(g[i]);
        }
        List<KernelSummary> summaries = new ArrayList<>();
        Map<String, double[][]> columns = new LinkedHashMap<>();
        for (var e : kernels().entrySet()) {
            String name = e.getKey();
            GaussianProcess gp = GaussianProcess.zeroMean(e.getValue());
            // Gram matrices of 150 close points are numerically singular: sampling adds SAMPLING_JITTER times the
            // largest prior variance on the grid (noted in posterior.csv), far below the plotted resolution.
            double jitter = SAMPLING_JITTER * e.getValue().diagonal(grid).maxNumber().doubleValue();
            INDArray prior = gp.sample(grid, samples, seed + 10, jitter);
            Posterior post = gp.condition(x, y, noise);
            double[] mean = Data.values(post.mean(grid));
            double[] var = Data.values(post.variance(grid));
            INDArray postSamples = post.sample(grid, samples, seed + 20, jitter);
            Plot pp = Plot.titled("Prior samples, " + name + " kernel").axes("x", "f(x)");
            Plot qp = Plot.titled("Posterior, " + name + " kernel (noise variance " + noise + ")").axes("x", "f(x)");
            for (int s = 0; s < samples; s++) {
                pp.series("", g, Data.values(prior.getRow(s)), Plot.Style.THIN, new Color(31, 119, 180));
                qp.series("", g, Data.values(postSamples.getRow(s)), Plot.Style.THIN, new Color(158, 202, 225));
            }
            double[] lo = new double[g.length];
            double[] hi = new double[g.length];
            double rmse = 0;
            for (int i = 0; i < g.length; i++) {
                double sd = Math.sqrt(Math.max(var[i], 0));
                // 10th / 90th percentiles of a Gaussian: mean -/+ 1.2816 sd.
                lo[i] = mean[i] - 1.2816 * sd;
                hi[i] = mean[i] + 1.2816 * sd;
                rmse += (mean[i] - truth[i]) * (mean[i] - truth[i]);
            }
            qp.series("posterior mean", g, mean, Plot.Style.LINE, new Color(8, 48, 107))
                    .series("10th / 90th percentile", g, lo, Plot.Style.DASHED, new Color(230, 85, 13))
                    .series("", g, hi, Plot.Style.DASHED, new Color(230, 85, 13))
                    .series("truth sin(x) + x/3", g, truth, Plot.Style.LINE, new Color(150, 150, 150))
                    .series("observations", Data.column(x, 0), Data.values(y), Plot.Style.POINTS, Color.BLACK);
            pp.savePng(dir.resolve("prior-" + name));
            qp.savePng(dir.resolve("posterior-" + name));
            double[] trainVar = Data.values(post.variance(x));
            double maxSd = 0;
            for (double v : trainVar) {
                maxSd = Math.max(maxSd, Math.sqrt(Math.max(v, 0)));
            }
            summaries.add(new KernelSummary(name, post.logMarginalLikelihood(), maxSd, Math.sqrt(rmse / g.length)));
            columns.put(name, new double[][] {mean, var});
        }
        List<String> names = new ArrayList<>(List.of("x", "truth"));
        for (String k : columns.keySet()) {
            names.add(k + "_mean");
            names.add(k + "_var");
        }
        Table out = Table.of(names.toArray(new String[0])).note("example", "gp-posterior").note("seed", seed)
                .note("noise_variance", noise).note("points", points)
                .note("sampling_jitter", SAMPLING_JITTER + " x the largest prior variance on the grid");
        for (int i = 0; i < g.length; i++) {
            double[] row = new double[names.size()];
            row[0] = g[i];
            row[1] = truth[i];
            int j = 2;
            for (double[][] mv : columns.values()) {
                row[j++] = mv[0][i];
                row[j++] = mv[1][i];
            }
            out.row(row);
        }
        out.save(dir.resolve("posterior.csv"));
        return new Result(summaries, dir);
    }

    static double truth(double u) {
        return Math.sin(u) + u / 3;
    }
}
