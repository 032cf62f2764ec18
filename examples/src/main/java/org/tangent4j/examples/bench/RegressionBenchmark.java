package org.tangent4j.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tangent4j.examples.cli.Tangent4jCli;

/**
 * Kernel regression on the whole of Fashion-MNIST (60,000 training and 10,000 test images) on one machine, end to
 * end: read the IDX files, the train and test kernels in float32 tiles in memory, block CG with a pivoted-Cholesky
 * preconditioner, predictions, accuracy. Each kernel runs as one {@code regress} command (the same code a user runs;
 * its full command line is printed) and the figures come from its summary file: time per stage, peak resident
 * memory, test accuracy, CG iterations and residual.
 *
 * <p>Usage: {@code RegressionBenchmark [KERNELS [TRAIN_SIZE [RANK [MEMORY [DATA_DIR]]]]]}, defaults
 * {@code nngp,ntk 60000 4096 14g /usr/share/datasets/fashion-mnist}: fully-connected ReLU networks of depth 2
 * (w_std 1, b_std 0.1), pixels scaled to [0, 1], relative ridge 0.003, CG tolerance 1e-6.
 */
public final class RegressionBenchmark {

    private RegressionBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String[] kernels = (args.length > 0 ? args[0] : "nngp,ntk").split(",");
        int trainSize = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
        int rank = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        String memory = args.length > 3 ? args[3] : "14g";
        Path data = Path.of(args.length > 4 ? args[4] : "/usr/share/datasets/fashion-mnist");
        String[] files = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz"};
        for (String f : files) {
            if (!Files.isRegularFile(data.resolve(f))) {
                throw new IllegalArgumentException("DATA_DIR = " + data + " has no " + f + ": expected the Fashion-MNIST IDX"
                        + " files (apt-get install dataset-fashion-mnist, or the four *-ubyte.gz files of"
                        + " https://github.com/zalandoresearch/fashion-mnist in a folder)");
            }
        }
        Path out = Files.createDirectories(Path.of("target", "bench-regression"));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String kernel : kernels) {
            String prefix = out.resolve("fmnist-" + kernel + "-" + trainSize).toString();
            List<String> argv = new ArrayList<>(List.of("regress", "--train-x", data.resolve(files[0]).toString(),
                    "--train-y", data.resolve(files[1]).toString(), "--test-x", data.resolve(files[2]).toString(),
                    "--test-y", data.resolve(files[3]).toString(), "--preprocess", "unit", "--depth", "2",
                    "--activation", "relu", "--w-std", "1", "--b-std", "0.1", "--kernel", kernel, "--ridge", "0.003",
                    "--solver", "cg", "--tolerance", "1e-6", "--preconditioner-rank", Integer.toString(rank),
                    "--memory", memory, "--float32", "--train-size", Integer.toString(trainSize), "--out", prefix));
            System.out.println("./tangent4j " + String.join(" ", argv));
            int status = Tangent4jCli.commandLine().execute(argv.toArray(new String[0]));
            if (status != 0) {
                throw new IllegalStateException("regress with --kernel " + kernel + " failed with status " + status);
            }
            rows.add(summary(Path.of(prefix + "-summary.csv")));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-6s %8s %9s %8s %9s %7s %10s %9s %9s %9s %8s%n", "kernel", "N", "accuracy", "kernel s",
                "solve s", "iters", "residual", "test s", "total s", "peak GiB", "rank");
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> r = rows.get(i);
            System.out.printf(Locale.ROOT, "%-6s %8s %9s %8.0f %9.0f %7s %10.2e %9.0f %9.0f %9.2f %8s%n", kernels[i],
                    r.get("train_points"), r.get("accuracy"), num(r, "kernel_seconds"), num(r, "solve_seconds"),
                    r.get("iterations"), num(r, "residual"), num(r, "test_kernel_seconds") + num(r, "predict_seconds"),
                    num(r, "total_seconds"), num(r, "peak_memory_gib"), r.get("preconditioner_rank"));
        }
    }

    private static double num(Map<String, String> r, String key) {
        return Double.parseDouble(r.get(key));
    }

    /** The name,value lines of a summary file. */
    private static Map<String, String> summary(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int comma = line.indexOf(',');
                if (comma > 0) {
                    m.put(line.substring(0, comma), line.substring(comma + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
