package org.tangent4j.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.dynamics.InfiniteWidthEnsemble;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.InfiniteWidthKernels;
import org.tangent4j.core.regression.Evaluation;
import org.tangent4j.core.regression.Features;
import org.tangent4j.core.regression.Features.Preprocessing;
import org.tangent4j.core.regression.KernelRegression;
import org.tangent4j.core.regression.RidgeSolver;
import org.tangent4j.core.regression.SolverChoice;
import org.tangent4j.core.regression.Targets;
import org.tangent4j.core.tiles.MemoryBudget;
import org.tangent4j.core.tiles.Storage;
import org.tangent4j.examples.fashion.PeakMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./tangent4j regress}: kernel ridge regression (or classification by regression on centred one-hot targets)
 * with the NNGP or NTK of a fully-connected stack or of any architecture file ({@code --arch}; image inputs reshaped
 * from rows to the file's input shape), or the RBF kernel, in tiles within a memory budget, resumable from a tile
 * directory.
 */
@Command(name = "regress", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Kernel regression / classification at data-set scale: tiled kernels, Cholesky or preconditioned CG.",
        footer = {"%nInputs: .npy, .csv or IDX (*-ubyte, *.idx, optionally .gz). Targets that are one column of integers",
                  "0..C-1 are class labels (one-hot, centred; accuracy and confusion matrix); others are regressed as they are.",
                  "Outputs: PREFIX-pred.npy [N_test, k], PREFIX-summary.csv, PREFIX-confusion.csv (labels),",
                  "PREFIX-var.npy (GP posterior variance, when the Cholesky solver is used and it fits the budget).",
                  "--arch FILE.json: the NNGP or NTK of any architecture (docs/architectures.md); rows are reshaped to the",
                  "file's \"input\": [H, W, C] (IDX images [N, H, W] without it: [H, W, 1]). Example:",
                  "  ./tangent4j regress --train-x train-images-idx3-ubyte.gz --train-y train-labels-idx1-ubyte.gz \\",
                  "      --test-x t10k-images-idx3-ubyte.gz --test-y t10k-labels-idx1-ubyte.gz --preprocess unit \\",
                  "      --depth 2 --kernel nngp --tiles tiles/fmnist --memory 8g --float32 --out out/fmnist"})
final class RegressCommand implements Callable<Integer> {

    enum KernelName { NNGP, NTK, RBF }

    @Option(names = "--train-x", required = true, paramLabel = "FILE", description = "training inputs, [N, d] or images [N, h, w]")
    Path trainX;

    @Option(names = "--train-y", required = true, paramLabel = "FILE", description = "training targets [N] / [N, k] or labels")
    Path trainY;

    @Option(names = "--test-x", required = true, paramLabel = "FILE", description = "test inputs")
    Path testX;

    @Option(names = "--test-y", paramLabel = "FILE", description = "test targets or labels, for accuracy / MSE")
    Path testY;

    @Mixin
    ArchitectureOptions arch = new ArchitectureOptions();

    @Option(names = "--kernel", required = true, paramLabel = "NAME", description = "nngp, ntk (of the fully-connected stack or of --arch) or rbf")
    KernelName kernel;

    @Option(names = "--length-scale", paramLabel = "L",
            description = "RBF length scale (default: the median distance between 1000 training points)")
    Double lengthScale;

    @Option(names = "--preprocess", paramLabel = "STEP", defaultValue = "NONE",
            description = "none, unit ([0, 1] by the training min and max) or standardize (per feature, training"
                    + " statistics) (default: ${DEFAULT-VALUE})")
    Preprocessing preprocess;

    @Option(names = "--ridge", paramLabel = "R",
            description = "relative ridge: lambda = R x mean diag K(train, train) (default: chosen on a held-out part)")
    Double ridge;

    @Option(names = "--solver", paramLabel = "S", defaultValue = "AUTO",
            description = "auto (Cholesky when 8 N^2 bytes fit in half of --memory, else CG), cholesky or cg (default: ${DEFAULT-VALUE})")
    SolverChoice solver;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-8",
            description = "CG stopping tolerance on each column's relative residual (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--preconditioner-rank", paramLabel = "R", defaultValue = "-1",
            description = "CG: rank of the pivoted-Cholesky preconditioner: 0 for none; -1 for min(N, " + RidgeSolver.DEFAULT_RANK
                    + ", the rank whose float64 factor [N, r] fits a quarter of --memory); a rank up to " + RidgeSolver.MAX_RANK
                    + " (refused above N or that budget) (default: ${DEFAULT-VALUE})")
    int preconditionerRank;

    @Option(names = "--tiles", paramLabel = "DIR", description = "tile directory: a killed run resumes, a finished one is reused"
            + " (default: tiles in memory)")
    Path tiles;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "8g", description = "memory budget, e.g. 512m, 8g (default: ${DEFAULT-VALUE})")
    String memory;

    @Option(names = "--float32", description = "store tiles as float32 (half the memory; the rounding error is reported)")
    boolean float32;

    @Option(names = "--time", paramLabel = "T",
            description = "also the mean of the infinite-width ensemble trained for time T by gradient flow (NTK; in memory,"
                    + " learning rate 1), written to PREFIX-ensemble.npy")
    Double time;

    @Option(names = "--train-size", paramLabel = "N", description = "use only the first N training points (default: all; of an IDX file only those are read into memory)")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "use only the first N test points (default: all; of an IDX file only those are read into memory)")
    Integer testSize;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of the held-out split (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = "",
            description = "run the tiles, the solve and the predictions on Apache Spark: local[2], local[2,2] (a failed task"
                    + " is retried once), spark://HOST:7077, yarn, k8s://URL; without a value, the master spark-submit set"
                    + " (needs the spark module: ./tangent4j puts it on the class path)")
    String spark;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "output prefix, e.g. out/fmnist")
    String out;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        MemoryBudget budget = MemoryBudget.parse("--memory", memory);
        Network network = arch.fromFile() ? architecture() : null;
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("--tolerance = " + tolerance + ": expected a relative residual in (0, 1)");
        }
        if (ridge != null && !(ridge > 0 && Double.isFinite(ridge))) {
            throw new IllegalArgumentException("--ridge = " + ridge + ": expected a finite number > 0 (relative to mean diag K)");
        }
        // with --spark, after the checks above: the context starts on a thread of its own while the data load (closed
        // at the end)
        try (AutoCloseable session = spark == null ? null : sparkSession()) {
            return run(start, budget, network, session);
        }
    }

    private Integer run(long start, MemoryBudget budget, Network network, AutoCloseable session) {
        INDArray xTrainRaw = first("--train-size", trainX, trainSize);
        INDArray xTestRaw = first("--test-size", testX, testSize);
        Features.Scaling scaling = Features.Scaling.fit(preprocess, xTrainRaw);
        INDArray x = scaling.apply(xTrainRaw);
        INDArray xt;
        try {
            xt = scaling.apply(xTestRaw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--test-x " + testX + ": " + e.getMessage() + " (--train-x " + trainX + ")");
        }
        INDArray yRaw = first("--train-size", trainY, trainSize);
        if (yRaw.size(0) != x.rows()) {
            throw new IllegalArgumentException("--train-y " + trainY + " has " + yRaw.size(0) + " rows: expected "
                    + x.rows() + ", one per row of --train-x");
        }
        Targets targets = Targets.infer("--train-y", yRaw);
        Targets testTargets = null;
        if (testY != null) {
            INDArray ty = first("--test-size", testY, testSize);
            if (ty.size(0) != xt.rows()) {
                throw new IllegalArgumentException("--test-y " + testY + " has " + ty.size(0) + " rows: expected "
                        + xt.rows() + ", one per row of --test-x");
            }
            testTargets = targets.isClassification() ? Targets.labels("--test-y", ty, targets.classes()) : Targets.values("--test-y", ty);
            if (testTargets.values().columns() != targets.values().columns()) {
                throw new IllegalArgumentException("--test-y has " + testTargets.values().columns() + " columns: expected "
                        + targets.values().columns() + " like --train-y");
            }
        }
        Shape in = network == null ? null : ArchitectureKernels.rowShape(arch.archFile, network, "--train-x", trainX,
                xTrainRaw, System.err::println);
        DenseStack stack = network == null ? arch.stack() : null;
        InfiniteWidthKernels limits = network != null ? new ArchitectureKernels.LimitsOnRows(network, in) : InfiniteWidth.of(stack);
        String described = network != null ? ArchitectureKernels.describe(network, in) : stack.toString();
        Kernel k;
        String name;
        double rbfLength = Double.NaN;
        switch (kernel) {
            case NNGP -> {
                k = network != null ? new ArchitectureKernels.OnRows(network, in, false) : InfiniteWidth.of(stack).nngp();
                name = "nngp of " + described;
            }
            case NTK -> {
                k = network != null ? new ArchitectureKernels.OnRows(network, in, true) : InfiniteWidth.of(stack).ntk();
                name = "ntk of " + described;
            }
            default -> {
                double l = lengthScale != null ? lengthScale : medianDistance(x, seed);
                k = new RbfKernel(1.0, l);
                rbfLength = l;
                name = "rbf, length scale " + l;
            }
        }
        name += "; preprocessing " + preprocess;
        Storage storage = float32 ? Storage.FLOAT32 : Storage.FLOAT64;
        if (preconditionerRank < -1) {
            throw new IllegalArgumentException("--preconditioner-rank = " + preconditionerRank
                    + ": expected -1 (from --memory), 0 (none) or a rank > 0");
        }
        RidgeSolver rs = new RidgeSolver(solver, budget, tolerance, 5000, preconditionerRank);
        KernelRegression kr = new KernelRegression(budget, storage, tiles, rs, ridge == null ? Double.NaN : ridge, seed);
        KernelRegression.Result r = spark == null ? kr.run(k, name, x, targets, xt, System.err::println)
                : onSpark(session, kr, stack, k instanceof ArchitectureKernels.OnRows a ? a : null, rbfLength, name, x, targets, xt);

        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("kernel", name.replace(',', ';'));
        summary.put("train_points", Long.toString(x.rows()));
        summary.put("test_points", Long.toString(xt.rows()));
        summary.put("features", Long.toString(x.columns()));
        summary.put("outputs", Long.toString(targets.values().columns()));
        if (testTargets != null) {
            if (targets.isClassification()) {
                Evaluation.Classification c = Evaluation.classify(r.predictions(), testTargets.labels(), targets.classes());
                summary.put("accuracy", Double.toString(c.accuracy()));
                writeConfusion(c.confusion());
            }
            summary.put("mse", Double.toString(Evaluation.mse(r.predictions(), testTargets.values())));
        }
        summary.put("relative_ridge", Double.toString(r.relativeRidge()));
        summary.put("ridge", Double.toString(r.solution().ridge()));
        summary.put("ridge_chosen", Boolean.toString(r.selection() != null));
        summary.put("solver", r.solution().method());
        summary.put("residual", Double.toString(r.solution().residual()));
        summary.put("tolerance", Double.toString(r.solution().tolerance()));
        summary.put("iterations", Integer.toString(r.solution().iterations()));
        summary.put("preconditioner_rank", Integer.toString(r.solution().preconditionerRank()));
        summary.put("storage", storage.name().toLowerCase(Locale.ROOT));
        summary.put("max_rounding_error", Double.toString(r.roundingError()));
        summary.put("tile", Integer.toString(r.tile()));
        summary.put("kernel_seconds", fmt(r.kernelSeconds()));
        summary.put("solve_seconds", fmt(r.solution().seconds()));
        summary.put("test_kernel_seconds", fmt(r.testKernelSeconds()));
        summary.put("predict_seconds", fmt(r.predictSeconds()));
        Path pred = OutputFiles.of(out, "-pred.npy");
        ArrayFiles.write(pred, r.predictions());
        if (r.variances() != null) {
            ArrayFiles.write(OutputFiles.of(out, "-var.npy"), r.variances());
        }
        if (time != null) {
            ensemble(limits, x, targets, xt, testTargets, summary);
        }
        summary.put("total_seconds", fmt((System.nanoTime() - start) / 1e9));
        summary.put("peak_memory_gib", String.format(Locale.ROOT, "%.2f", PeakMemory.gib()));
        Path csv = OutputFiles.of(out, "-summary.csv");
        StringBuilder text = new StringBuilder("quantity,value\n");
        summary.forEach((key, v) -> text.append(key).append(',').append(v).append('\n'));
        write(csv, text.toString());
        summary.forEach((key, v) -> System.out.printf("%-22s %s%n", key, v));
        System.out.println("wrote " + pred + " and " + csv);
        return 0;
    }

    /**
     * The Spark side of {@code --spark}, org.tangent4j.spark.SparkRegress, found by name so that this module does not
     * depend on Spark (the spark module and Spark's jars are on the class path of {@code ./tangent4j ... --spark} and of
     * spark-submit).
     */
    private Class<?> sparkRegress() {
        try {
            return Class.forName("org.tangent4j.spark.SparkRegress");
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("--spark " + spark + ": the spark module or Spark is not on the class path ("
                    + e + "): expected a run through ./tangent4j or spark-submit with tangent4j-spark-*-submit.jar");
        }
    }

    /** SparkRegress.start(master): the Spark context, starting on a thread of its own. */
    private AutoCloseable sparkSession() {
        return (AutoCloseable) invoke(method(sparkRegress(), "start", String.class), spark);
    }

    /** The same job on Spark, by SparkRegress.run in the context of {@code session}. */
    private KernelRegression.Result onSpark(AutoCloseable session, KernelRegression kr, DenseStack stack,
                                            ArchitectureKernels.OnRows architecture, double rbfLength, String name,
                                            INDArray x, Targets targets, INDArray xt) {
        java.lang.reflect.Method run = method(sparkRegress(), "run", session.getClass(), KernelRegression.class,
                String.class, DenseStack.class, ArchitectureKernels.OnRows.class, double.class, String.class, INDArray.class,
                Targets.class, INDArray.class, java.util.function.Consumer.class);
        java.util.function.Consumer<String> log = System.err::println;
        return (KernelRegression.Result) invoke(run, session, kr, kernel.name(), stack, architecture, rbfLength, name, x,
                targets, xt, log);
    }

    private java.lang.reflect.Method method(Class<?> c, String name, Class<?>... parameters) {
        try {
            return c.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("--spark " + spark + ": " + c.getName() + "." + name + " not found (" + e
                    + "): expected the spark module of this version of tangent4j on the class path");
        }
    }

    private static Object invoke(java.lang.reflect.Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The network of --arch, refused with --kernel rbf (which has no architecture). */
    private Network architecture() {
        Network network = arch.network();
        if (kernel == KernelName.RBF) {
            throw new IllegalArgumentException("--arch " + arch.archFile + " with --kernel rbf: the RBF kernel has no"
                    + " architecture; expected --kernel nngp or ntk with --arch (or --kernel rbf without --arch)");
        }
        return network;
    }

    /** The ensemble mean at time T, column by column (the ensemble regresses one target column at a time). */
    private void ensemble(InfiniteWidthKernels limits, INDArray x, Targets targets, INDArray xt, Targets testTargets, Map<String, String> summary) {
        if (!(time >= 0)) {
            throw new IllegalArgumentException("--time = " + time + ": expected t >= 0 (or Infinity)");
        }
        MemoryBudget budget = MemoryBudget.parse("--memory", memory);
        if (!budget.fits(4 * 8.0 * x.rows() * x.rows())) {
            throw new IllegalArgumentException("--time needs the NTK's eigendecomposition in memory, 4 x 8 N^2 = "
                    + MemoryBudget.describe((long) (32.0 * x.rows() * x.rows())) + " for N = " + x.rows()
                    + ", more than --memory " + memory + ": expected fewer training points or a larger budget");
        }
        int k = (int) targets.values().columns();
        INDArray mean = org.nd4j.linalg.factory.Nd4j.create(DataType.DOUBLE, xt.rows(), k);
        for (int j = 0; j < k; j++) {
            INDArray y = targets.values().getColumn(j).dup();
            mean.putColumn(j, InfiniteWidthEnsemble.of(limits, x, y, 1.0).mean(xt, time));
        }
        ArrayFiles.write(OutputFiles.of(out, "-ensemble.npy"), mean);
        summary.put("ensemble_time", Double.toString(time));
        if (testTargets != null) {
            if (targets.isClassification()) {
                summary.put("ensemble_accuracy", Double.toString(
                        Evaluation.classify(mean, testTargets.labels(), targets.classes()).accuracy()));
            }
            summary.put("ensemble_mse", Double.toString(Evaluation.mse(mean, testTargets.values())));
        }
    }

    /** The first n rows of the array in a file (the whole array when n is null), read as {@link ArrayFiles#read(Path, long)}. */
    static INDArray first(String option, Path file, Integer n) {
        if (n == null) {
            return ArrayFiles.read(file);
        }
        INDArray a = n <= 0 ? ArrayFiles.read(file) : ArrayFiles.read(file, n);
        if (n <= 0 || n > a.size(0)) {
            throw new IllegalArgumentException(option + " = " + n + ": expected 1.." + a.size(0) + " (the rows in the file)");
        }
        return a;
    }

    /** The median Euclidean distance between pairs of up to 1000 seeded random training points. */
    static double medianDistance(INDArray x, long seed) {
        int n = (int) Math.min(1000, x.rows());
        java.util.Random r = new java.util.Random(seed);
        double[] d = new double[n * (n - 1) / 2];
        double[][] pts = new double[n][];
        for (int i = 0; i < n; i++) {
            pts[i] = x.getRow(r.nextInt((int) x.rows())).toDoubleVector();
        }
        int c = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int q = 0; q < pts[i].length; q++) {
                    double t = pts[i][q] - pts[j][q];
                    s += t * t;
                }
                d[c++] = Math.sqrt(s);
            }
        }
        java.util.Arrays.sort(d, 0, c);
        double m = c == 0 ? 1 : d[c / 2];
        if (!(m > 0)) {
            throw new IllegalArgumentException("the training points are (nearly) all equal: the median distance is " + m
                    + "; give --length-scale");
        }
        return m;
    }

    private void writeConfusion(long[][] confusion) {
        StringBuilder s = new StringBuilder("# confusion[true][predicted]; rows: true class, columns: predicted class\n");
        for (long[] row : confusion) {
            for (int j = 0; j < row.length; j++) {
                s.append(j == 0 ? "" : ",").append(row[j]);
            }
            s.append('\n');
        }
        write(OutputFiles.of(out, "-confusion.csv"), s.toString());
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    private static String fmt(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }
}
