package org.tangent4j.examples.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./tangent4j bench NAME [ARGS...]}: runs one of the benchmark programs in {@code examples.bench}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark that prints its measured figures (time, memory, FLOP rate).",
        footer = {"%nBenchmarks: %n  gp-posterior         GP posterior, 4096 train / 512 test points (Cholesky-dominated)",
                  "  limits               infinite-width NNGP/NTK Gram matrices, N = 4096, d = 64, depth 5",
                  "  cnn-kernel           infinite-width CNN kernels, 21 x (conv 3x3, relu) on 32 x 32 x 3 (flatten | gap)",
                  "  tangent-kernel       empirical NTK of a 16-512-512-1 network, N = 256 and 1024",
                  "  conv-tangent-kernel  empirical NTK of a small CNN, structured against Jacobian",
                  "  training             gradient descent with kernel tracking",
                  "  tile-product         a tiled kernel times a block of 10 columns (one CG iteration's product)",
                  "  regression           kernel regression on all of Fashion-MNIST (60,000 / 10,000 images)",
                  "%nArguments: see each benchmark's class comment (org.tangent4j.examples.bench.*Benchmark)."})
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "benchmark name (see below)")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments passed to the benchmark")
    List<String> args = new ArrayList<>();

    /** The class of benchmark {@code name}: tangent-kernel -&gt; org.tangent4j.examples.bench.TangentKernelBenchmark. */
    static String className(String name) {
        StringBuilder cls = new StringBuilder("org.tangent4j.examples.bench.");
        for (String part : name.toLowerCase(Locale.ROOT).split("-")) {
            if (!part.isEmpty()) {
                cls.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return cls.append("Benchmark").toString();
    }

    @Override
    public Integer call() throws Exception {
        String cls = className(name);
        Class<?> c;
        try {
            c = Class.forName(cls);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("benchmark '" + name + "' not found (no class " + cls
                    + "); see './tangent4j bench --help' for the list");
        }
        Method main = c.getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args.toArray(new String[0]));
        } catch (InvocationTargetException e) {
            // the benchmark's own failure, not the reflection's: an exception or an error (e.g. OutOfMemoryError)
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        return 0;
    }
}
