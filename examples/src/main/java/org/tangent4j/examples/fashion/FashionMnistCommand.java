package org.tangent4j.examples.fashion;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.CostFunctional;
import org.tangent4j.autodiff.cost.Costs;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.training.GradientDescent;
import org.tangent4j.autodiff.training.TrainingOptions;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.linalg.SymmetricEigen;
import org.tangent4j.core.regression.Evaluation;
import org.tangent4j.core.regression.Features;
import org.tangent4j.core.regression.KernelRegression;
import org.tangent4j.core.regression.RidgeSolver;
import org.tangent4j.core.regression.SolverChoice;
import org.tangent4j.core.regression.Targets;
import org.tangent4j.core.tiles.MemoryBudget;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.examples.cli.ArchitectureKernels;
import org.tangent4j.examples.cli.OutputOptions;
import org.tangent4j.examples.support.Ledger;
import org.tangent4j.examples.support.Plot;
import org.tangent4j.examples.support.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Learning curves on Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): test accuracy against the number of training
 * images for kernel regression on centred one-hot targets (Lee et al. 2018) with the NNGP and NTK of fully-connected
 * ReLU networks, an RBF kernel, the NNGP of a small convolutional network with a Flatten readout (the CNN-GP, up to
 * {@code --cnn-max-size} images), and a finite fully-connected ReLU network trained by gradient descent, with
 * published baselines of the data set's README as reference lines. Pixels are scaled to [0, 1] by the training
 * minimum and maximum; the training sets are the first n images of the (shuffled) training file.
 */
@Command(name = "fashion-mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fashion-MNIST learning curves: NNGP/NTK (depths 1-3), RBF, CNN-GP and a trained network against training-set size.",
        footer = {"%nNeeds the data set: apt-get install dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist),",
                  "or the four *-ubyte.gz files of https://github.com/zalandoresearch/fashion-mnist in a folder given by --data."})
public final class FashionMnistCommand implements Callable<Integer> {

    /** Baselines from the Fashion-MNIST README's benchmark table (test accuracy, no preprocessing unless noted). */
    static final String[] BASELINE_NAMES = {"README: MLP 256-128-100, 60000 images", "README: XGBoost, 60000 images",
        "README: human performance"};
    static final double[] BASELINES = {0.8833, 0.898, 0.835};

    /**
     * The CNN-GP: the NNGP of 2 x (conv 3x3 stride 2 SAME, ReLU), Flatten, Dense (w_std 1, b_std 0.1, NTK
     * parameterization) on 28 x 28 x 1 images; without pooling its layer state is the spatial diagonal (196, then 49
     * positions per pair of images).
     */
    static final String CNN = """
            {"parameterization": "ntk", "input": [28, 28, 1], "layers": [
              {"type": "conv", "filter": [3, 3], "strides": [2, 2], "padding": "same", "w_std": 1.0, "b_std": 0.1},
              {"type": "activation", "activation": "relu"},
              {"type": "conv", "filter": [3, 3], "strides": [2, 2], "padding": "same", "w_std": 1.0, "b_std": 0.1},
              {"type": "activation", "activation": "relu"},
              {"type": "flatten"},
              {"type": "dense", "w_std": 1.0, "b_std": 0.1}]}
            """;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "folder with the four Fashion-MNIST *-ubyte.gz files (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--full", description = "the full curve: sizes 1000..60000, all 10,000 test images, float32 tiles on disk"
            + " (hours on 2 cores; resumable)")
    boolean full;

    @Option(names = "--sizes", split = ",", paramLabel = "N,...", description = "training-set sizes (default: 1000,2000,4000;"
            + " with --full 1000,2000,5000,10000,20000,60000)")
    int[] sizes;

    @Option(names = "--test-size", paramLabel = "N", description = "test images used (default: 2000; with --full 10000)")
    Integer testSize;

    @Option(names = "--depths", split = ",", defaultValue = "1,2,3", description = "hidden layers of the kernels (default: ${DEFAULT-VALUE})")
    int[] depths;

    @Option(names = "--network-width", defaultValue = "256", description = "width of the trained network (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--network-depth", defaultValue = "2", description = "hidden layers of the trained network (default: ${DEFAULT-VALUE})")
    int networkDepth;

    @Option(names = "--network-epochs", defaultValue = "10", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--network-lr", paramLabel = "ETA",
            description = "learning rate (default: B / lambda_max of the infinite-width NTK on a batch of B = 128 images, half"
                    + " the largest stable rate of the linearized dynamics)")
    Double lr;

    @Option(names = "--network-max-size", defaultValue = "1000",
            description = "train the network only up to this many images (default: ${DEFAULT-VALUE})")
    int networkMax;

    @Option(names = "--cnn-max-size", paramLabel = "N",
            description = "the CNN-GP only up to this many training images (default: " + CNN_MAX + "; with --full "
                    + CNN_MAX_FULL + ")")
    Integer cnnMax;

    /** The CNN-GP's default largest training set, in the default run and with --full (see docs/examples/fashion-mnist.md). */
    static final int CNN_MAX = 1000;
    static final int CNN_MAX_FULL = 5000;

    @Option(names = "--memory", defaultValue = "8g", description = "memory budget of the kernels (default: ${DEFAULT-VALUE})")
    String memory;

    /** One point of a curve. */
    public record Point(String model, int n, double accuracy, double seconds, String solver) {
    }

    /** What the run measured. */
    public record Result(List<Point> points, Path dir) {
    }

    Result result;

    @Override
    public Integer call() {
        result = run();
        System.out.printf("%-24s %7s %9s %9s %s%n", "model", "n", "accuracy", "seconds", "solver");
        for (Point p : result.points()) {
            System.out.printf(Locale.ROOT, "%-24s %7d %9.4f %9.1f %s%n", p.model(), p.n(), p.accuracy(), p.seconds(), p.solver());
        }
        System.out.println("wrote " + result.dir().resolve("fashion-mnist.png") + " and fashion-mnist.csv");
        return 0;
    }

    /** Runs the example. */
    public Result run() {
        Path dir = output.dir("fashion-mnist");
        int[] ns = sizes != null ? sizes : full ? new int[] {1000, 2000, 5000, 10000, 20000, 60000} : new int[] {1000, 2000, 4000};
        int nt = testSize != null ? testSize : full ? 10000 : 2000;
        INDArray[] train = load("train");
        INDArray[] test = load("t10k");
        int maxN = Arrays.stream(ns).max().orElse(0);
        if (Arrays.stream(ns).anyMatch(n -> n < 20 || n > train[0].size(0)) || nt < 1 || nt > test[0].size(0)) {
            throw new IllegalArgumentException("--sizes " + Arrays.toString(ns) + ", --test-size " + nt
                    + ": expected sizes in 20.." + train[0].size(0) + " and a test size in 1.." + test[0].size(0));
        }
        Features.Scaling scaling = Features.Scaling.fit(Features.Preprocessing.UNIT, train[0]);
        INDArray x = scaling.apply(first(train[0], maxN));
        INDArray xt = scaling.apply(first(test[0], nt));
        Targets testLabels = Targets.labels("test labels", first(test[1], nt), 10);

        List<String> models = new ArrayList<>();
        List<Kernel> kernels = new ArrayList<>();
        for (int depth : depths) {
            InfiniteWidth limits = InfiniteWidth.of(DenseStack.fullyConnected(depth, Activations.relu(), 1.0, 0.1));
            models.add("NNGP depth " + depth);
            kernels.add(limits.nngp());
            models.add("NTK depth " + depth);
            kernels.add(limits.ntk());
        }
        // the RBF length scale: the median distance between training images (the usual heuristic), fixed here
        double length = 9.0;
        models.add("RBF l=" + length);
        kernels.add(new RbfKernel(1.0, length));
        Network cnn = ArchitectureFile.parse(CNN);
        Shape image = Shape.image(28, 28, 1);
        int cnnIndex = models.size();
        models.add("CNN-GP");
        kernels.add(new ArchitectureKernels.OnRows(cnn, image, false));
        int cnnUpTo = cnnMax != null ? cnnMax : full ? CNN_MAX_FULL : CNN_MAX;
        String net = "network depth " + networkDepth + " width " + width;
        models.add(net);

        MemoryBudget budget = MemoryBudget.parse("--memory", memory);
        String settings = "sizes " + Arrays.toString(ns) + " test " + nt + " depths " + Arrays.toString(depths) + " " + net
                + " epochs " + epochs + " lr " + (lr == null ? "auto" : lr) + " seed " + output.seed + (full ? " full" : "")
                + " cnn-gp up to " + cnnUpTo + " " + ArchitectureKernels.describe(cnn, image);
        Ledger ledger = Ledger.open(dir.resolve("fashion-mnist.partial.csv"), settings);
        Table table = Table.of("model", "n", "accuracy", "seconds", "solver")
                .note("example", "fashion-mnist").note("model", "index into: " + String.join(", ", models))
                .note("solver", "0 cholesky, 1 cg, 2 gradient descent").note("test", nt + " test images")
                .note("kernels", "ReLU, w_std 1, b_std 0.1, NTK parameterization; ridge chosen on a held-out part")
                .note("CNN-GP", "NNGP of 2 x (conv 3x3 stride 2 SAME, ReLU), flatten, dense on 28x28x1 images, up to n = "
                        + cnnUpTo)
                .note("preprocessing", "pixels scaled to [0, 1]");
        List<Point> points = new ArrayList<>();
        for (int n : ns) {
            INDArray xn = first(x, n);
            Targets yn = Targets.labels("train labels", first(train[1], n), 10);
            for (int m = 0; m < models.size(); m++) {
                String model = models.get(m);
                boolean isNet = m == models.size() - 1;
                if ((isNet && n > networkMax) || (m == cnnIndex && n > cnnUpTo)) {
                    continue;
                }
                final int mi = m;
                double[] v = ledger.computeIfAbsent(new double[] {m, n}, () -> isNet
                        ? trainNetwork(xn, yn, xt, testLabels)
                        : kernelRegression(kernels.get(mi), model, xn, yn, xt, testLabels, budget, dir, n));
                String solver = v[2] == 0 ? "cholesky" : v[2] == 1 ? "cg" : "gradient descent";
                points.add(new Point(model, n, v[0], v[1], solver));
                table.row(m, n, v[0], v[1], v[2]);
                System.err.printf(Locale.ROOT, "%s, n = %d: accuracy %.4f (%.1f s, %s)%n", model, n, v[0], v[1], solver);
            }
        }
        table.save(dir.resolve("fashion-mnist.csv"));
        plot(points, models, ns, cnnIndex).savePng(dir.resolve("fashion-mnist.png"));
        ledger.finish();
        return new Result(points, dir);
    }

    /** {accuracy, seconds, solver} of kernel regression. */
    private double[] kernelRegression(Kernel k, String model, INDArray x, Targets y, INDArray xt, Targets yt,
                                      MemoryBudget budget, Path dir, int n) {
        long t0 = System.nanoTime();
        Path tiles = full ? dir.resolve("tiles").resolve(model.replace(' ', '-').replace('=', '-') + "-" + n) : null;
        KernelRegression kr = new KernelRegression(budget, full ? Storage.FLOAT32 : Storage.FLOAT64, tiles,
                RidgeSolver.of(SolverChoice.AUTO, budget), Double.NaN, output.seed, full ? 2500 : 1000);
        KernelRegression.Result r = kr.run(k, model + "; " + k, x, y, xt, line -> {
            if (!line.startsWith("ridge ") && !line.startsWith("CG iteration")) {
                System.err.println("  " + line);
            }
        });
        double acc = Evaluation.classify(r.predictions(), yt.labels(), 10).accuracy();
        if (tiles != null) {
            delete(tiles); // recorded in the ledger: the tiles are no longer needed
        }
        return new double[] {acc, (System.nanoTime() - t0) / 1e9, r.solution().method().equals("cholesky") ? 0 : 1};
    }

    /** {accuracy, seconds, 2}: a finite network trained by mini-batch gradient descent on the same centred targets. */
    private double[] trainNetwork(INDArray x, Targets y, INDArray xt, Targets yt) {
        long t0 = System.nanoTime();
        DenseStack stack = DenseStack.fullyConnected(networkDepth, Activations.relu(), 1.0, 0.1);
        DenseNetwork net = DenseNetworks.realize(stack, (int) x.columns(), width, 10, output.seed);
        int batch = (int) Math.min(128, x.rows());
        int steps = (int) Math.max(1, (long) epochs * x.rows() / batch);
        double eta = lr != null ? lr : batch / SymmetricEigen.largestEigenvalue("Theta(batch, batch)",
                InfiniteWidth.of(stack).ntk().gram(x.get(NDArrayIndex.interval(0, batch), NDArrayIndex.all()).dup()));
        TrainingOptions o = TrainingOptions.fullBatch(eta, steps).withMiniBatches(batch, output.seed)
                .withTrackEvery(steps).withProbes(x.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()).dup());
        // The squared cost without its curvature bound: GradientDescent would otherwise check eta against the empirical
        // NTK of all N x 10 outputs (an [N k, N k] matrix and its Jacobians: gigabytes at N = 1000); eta is set above
        // from the infinite-width NTK instead.
        CostFunctional squared = Costs.squared();
        CostFunctional unchecked = squared::define;
        GradientDescent.train(net, CompiledCost.of(unchecked, 10), x, y.values(), o);
        double acc = Evaluation.classify(net.apply(xt), yt.labels(), 10).accuracy();
        return new double[] {acc, (System.nanoTime() - t0) / 1e9, 2};
    }

    private Plot plot(List<Point> points, List<String> models, int[] ns, int cnnIndex) {
        Plot p = Plot.titled("Fashion-MNIST: test accuracy against training-set size").axes("training images", "test accuracy").logX()
                .xLabelsAt(Arrays.stream(ns).asDoubleStream().toArray());
        Color[] colours = {new Color(31, 119, 180), new Color(174, 199, 232), new Color(214, 39, 40), new Color(255, 152, 150),
            new Color(44, 160, 44), new Color(152, 223, 138), new Color(148, 103, 189), Color.BLACK};
        for (int m = 0; m < models.size(); m++) {
            String model = models.get(m);
            List<Point> mine = points.stream().filter(q -> q.model().equals(model)).sorted(Comparator.comparingInt(Point::n)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            double[] xs = mine.stream().mapToDouble(Point::n).toArray();
            double[] ys = mine.stream().mapToDouble(Point::accuracy).toArray();
            Color c = m == models.size() - 1 ? Color.BLACK : m == cnnIndex ? new Color(140, 86, 75)
                    : m == cnnIndex - 1 ? new Color(255, 127, 14) : colours[m % colours.length];
            p.series(model, xs, ys, Plot.Style.LINE, c);
            p.series("", xs, ys, Plot.Style.POINTS, c);
        }
        double lo = Arrays.stream(ns).min().orElse(1);
        double hi = Arrays.stream(ns).max().orElse(2);
        Color grey = new Color(120, 120, 120);
        for (int b = 0; b < BASELINES.length; b++) {
            p.series(BASELINE_NAMES[b] + ": " + BASELINES[b], new double[] {lo, hi},
                    new double[] {BASELINES[b], BASELINES[b]}, Plot.Style.DASHED, b == 0 ? new Color(90, 90, 90) : grey);
        }
        return p;
    }

    private INDArray[] load(String part) {
        Path images = data.resolve(part + "-images-idx3-ubyte.gz");
        Path labels = data.resolve(part + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new IllegalArgumentException("--data " + data + " has no " + images.getFileName() + " / " + labels.getFileName()
                    + ": expected Fashion-MNIST there (apt-get install dataset-fashion-mnist, or download the four"
                    + " *-ubyte.gz files of https://github.com/zalandoresearch/fashion-mnist into a folder and give --data)");
        }
        return new INDArray[] {ArrayFiles.read(images), ArrayFiles.read(labels)};
    }

    private static INDArray first(INDArray a, int n) {
        return a.rank() == 1 ? a.get(NDArrayIndex.interval(0, n)).dup()
                : a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup('c');
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
