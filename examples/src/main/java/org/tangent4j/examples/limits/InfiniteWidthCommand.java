package org.tangent4j.examples.limits;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.limits.ExpectationMethod;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Data;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The infinite-width kernels of one architecture with different activations: Sigma^(L)(x0, x(gamma)) and
 * Theta^(L)(x0, x(gamma)) on the unit circle (the NTK paper's Figure 1 setting), each normalised by its value at
 * gamma = 0, computed by the default method (closed forms for ReLU and erf, the Hermite series otherwise) and checked
 * against two-dimensional quadrature of a high degree; and the number of Hermite terms each activation needs as a
 * function of the pre-activation variance (the cost of the series, and where it hands over to quadrature).
 */
@Command(name = "infinite-width", mixinStandardHelpOptions = true,
        description = "NNGP and NTK kernel shapes on the circle for several activations; Hermite-series terms against variance.")
public final class InfiniteWidthCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--activations", split = ",", defaultValue = "relu,erf,tanh,gelu,softplus,sin",
            description = "activations to compare (default: ${DEFAULT-VALUE})")
    String[] activations;

    @Option(names = "--depth", defaultValue = "3", description = "hidden layers (default: ${DEFAULT-VALUE}, the paper's Figure 1)")
    int depth;

    @Option(names = "--w-std", defaultValue = "1.0", description = "weight scale (default: ${DEFAULT-VALUE})")
    double wStd;

    @Option(names = "--b-std", defaultValue = "0.1", description = "bias scale (default: ${DEFAULT-VALUE})")
    double bStd;

    @Option(names = "--angles", defaultValue = "181", description = "points on the circle, gamma in [-pi, pi] (default: ${DEFAULT-VALUE})")
    int angles;

    /** Per activation: Theta(x0, x0), Sigma(x0, x0), and the largest distance to the quadrature relative to Theta(x0, x0). */
    public record ActivationSummary(String activation, double ntkAtZero, double nngpAtZero, double quadratureDistance) {
    }

    /** What the run measured. */
    public record Result(List<ActivationSummary> activations, Path dir) {
    }

    Result result;

    @Override
    public Integer call() {
        result = run();
        System.out.printf("%-10s %14s %14s %26s%n", "activation", "Theta(x0,x0)", "Sigma(x0,x0)", "max |default - quadrature|");
        for (ActivationSummary s : result.activations()) {
            System.out.printf("%-10s %14.6f %14.6f %26.2e%n", s.activation(), s.ntkAtZero(), s.nngpAtZero(), s.quadratureDistance());
        }
        System.out.println("wrote " + result.dir().resolve("*.png") + " and *.csv");
        return 0;
    }

    /** Runs the example: two kernel-shape plots, the terms plot and their tables. */
    public Result run() {
        Path dir = output.dir("infinite-width");
        INDArray circle = Data.circle(angles);
        INDArray x0 = circle.getRows(angles / 2).dup(); // gamma = 0 for an odd number of angles
        double[] gamma = Data.circleAngles(angles);
        String settings = "depth " + depth + ", w_std " + wStd + ", b_std " + bStd + ", NTK parameterization";
        Table shapes = Table.of("activation", "gamma", "nngp", "ntk", "nngp_quadrature", "ntk_quadrature")
                .note("example", "infinite-width").note("architecture", settings)
                .note("activation", "index into: " + String.join(", ", activations))
                .note("check", "adaptive quadrature (tolerance 1e-10)");
        Plot ntkPlot = Plot.titled("Theta(x0, x(gamma)) / Theta(x0, x0), depth " + depth).axes("gamma", "normalised NTK");
        Plot nngpPlot = Plot.titled("Sigma(x0, x(gamma)) / Sigma(x0, x0), depth " + depth).axes("gamma", "normalised NNGP");
        Color[] colours = {Color.BLACK, new Color(214, 39, 40), new Color(31, 119, 180), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75)};
        List<Activation> parsed = new ArrayList<>();
        for (String name : activations) {
            parsed.add(Activations.parse(name));
        }
        List<ActivationSummary> summaries = new ArrayList<>();
        for (int a = 0; a < parsed.size(); a++) {
            Activation act = parsed.get(a);
            DenseStack stack = DenseStack.fullyConnected(depth, act, wStd, bStd);
            KernelPair k = InfiniteWidth.of(stack).kernels(x0, circle);
            KernelPair q = InfiniteWidth.of(stack, ExpectationMethod.QUADRATURE).kernels(x0, circle);
            double[] nngp = Data.values(k.nngp());
            double[] ntk = Data.values(k.ntk());
            double[] nngpQ = Data.values(q.nngp());
            double[] ntkQ = Data.values(q.ntk());
            double t0 = ntk[angles / 2];
            double s0 = nngp[angles / 2];
            double distance = 0;
            double[] ntkNorm = new double[angles];
            double[] nngpNorm = new double[angles];
            for (int g = 0; g < angles; g++) {
                distance = Math.max(distance, Math.abs(ntk[g] - ntkQ[g]) / t0);
                ntkNorm[g] = ntk[g] / t0;
                nngpNorm[g] = nngp[g] / s0;
                shapes.row(a, gamma[g], nngp[g], ntk[g], nngpQ[g], ntkQ[g]);
            }
            Color c = colours[a % colours.length];
            ntkPlot.series(act.id(), gamma, ntkNorm, Plot.Style.LINE, c);
            nngpPlot.series(act.id(), gamma, nngpNorm, Plot.Style.LINE, c);
            summaries.add(new ActivationSummary(act.id(), t0, s0, distance));
        }
        ntkPlot.savePng(dir.resolve("ntk-shapes"));
        nngpPlot.savePng(dir.resolve("nngp-shapes"));
        shapes.save(dir.resolve("infinite-width.csv"));

        double[] variances = {0.125, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16};
        Table terms = Table.of("activation", "variance", "terms").note("example", "infinite-width: Hermite terms")
                .note("activation", "index into: " + String.join(", ", activations))
                .note("terms", "K + 1 for a relative truncation error of 1e-10; -1: over the limit, quadrature is used");
        Plot termsPlot = Plot.titled("Hermite-series terms for a 1e-10 truncation error").axes("pre-activation variance q", "terms K + 1");
        List<String> never = new ArrayList<>();
        for (int a = 0; a < parsed.size(); a++) {
            Activation act = parsed.get(a);
            List<Double> qs = new ArrayList<>();
            List<Double> ks = new ArrayList<>();
            for (double v : variances) {
                int n = InfiniteWidth.hermiteTerms(act, v);
                terms.row(a, v, n);
                if (n > 0) {
                    qs.add(v);
                    ks.add((double) n);
                }
            }
            if (qs.isEmpty()) {
                never.add(act.id());
            } else {
                termsPlot.series(act.id(), qs.stream().mapToDouble(Double::doubleValue).toArray(),
                        ks.stream().mapToDouble(Double::doubleValue).toArray(), Plot.Style.LINE, colours[a % colours.length]);
            }
        }
        if (!never.isEmpty()) {
            termsPlot.axes("pre-activation variance q (" + String.join(", ", never)
                    + ": no convergence at any variance, kink -> quadrature)", "terms K + 1");
        }
        termsPlot.savePng(dir.resolve("hermite-terms"));
        terms.save(dir.resolve("hermite-terms.csv"));
        return new Result(summaries, dir);
    }
}
