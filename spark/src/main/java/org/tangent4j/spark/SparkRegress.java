package org.tangent4j.spark;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.regression.KernelRegression;
import org.tangent4j.core.regression.Targets;
import org.tangent4j.examples.cli.ArchitectureKernels;

/**
 * The entry point of {@code ./tangent4j regress ... --spark MASTER}: the command line finds this class by name (so
 * that the examples module does not depend on Spark) and hands over the job it has prepared. Spark settings of the
 * job, read from the Spark configuration ({@code spark-submit --conf}, or {@code -D} system properties):
 * <ul>
 *   <li>{@code spark.tangent4j.tile}: the tile side (default: the single-machine choice from {@code --memory})</li>
 *   <li>{@code spark.tangent4j.partitions}: tasks for the training tiles (default: the default parallelism in local
 *   mode, twice that on a cluster)</li>
 *   <li>{@code spark.tangent4j.nativeTiles}: bytes of native copies of the cached tiles per executor JVM, multiplied in
 *   place by the CG products (default: {@code --memory} in local mode, 0 on a cluster)</li>
 * </ul>
 */
public final class SparkRegress {

    /** Spark configuration key of the tile side. */
    public static final String TILE = "spark.tangent4j.tile";

    /** Spark configuration key of the number of tile tasks. */
    public static final String PARTITIONS = "spark.tangent4j.partitions";

    /**
     * Spark configuration key of the bytes of native copies of cached tiles that each JVM running tasks may keep for the
     * CG products (default: {@code --memory} in local mode, 0 on a cluster).
     */
    public static final String NATIVE_TILES = "spark.tangent4j.nativeTiles";

    private SparkRegress() {
    }

    /**
     * A Spark context started on a thread of its own, so that the job's data load meanwhile (in local mode Spark's
     * start-up, about a second, and the loading of the data then share the two cores instead of following each other);
     * closing the session waits for the start to end and stops the context.
     */
    public static final class Session implements AutoCloseable {

        private final CompletableFuture<JavaSparkContext> context;

        private Session(SparkConf conf) {
            context = CompletableFuture.supplyAsync(() -> new JavaSparkContext(conf), r -> {
                Thread t = new Thread(r, "tangent4j-spark-start");
                t.setDaemon(true);
                t.start();
            });
        }

        /** The context, once started (waits for the start; a failure to start is thrown here). */
        JavaSparkContext context() {
            try {
                return context.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }

        /** Waits for the start to end and stops the context (nothing to stop when it failed to start). */
        @Override
        public void close() {
            JavaSparkContext sc;
            try {
                sc = context.join();
            } catch (CompletionException e) {
                return; // thrown by context() to the job that needed it
            }
            sc.close();
        }
    }

    /**
     * Starts a Spark context for {@code master} ("" for the master of spark-submit) on a thread of its own.
     *
     * @throws IllegalArgumentException when no master is given or set (at once, not at the first use)
     */
    public static Session start(String master) {
        return new Session(conf(master));
    }

    /**
     * Runs {@link KernelRegression#run} through Spark, in the context of {@code session} (left running: the caller
     * closes the session).
     *
     * @param session from {@link #start}: {@code local[2]}, {@code local[2,2]} to allow a retry per task,
     *     {@code spark://host:7077}, {@code yarn}, {@code k8s://...}, or the master spark-submit sets
     * @param kernel {@code NNGP}, {@code NTK} or {@code RBF}
     * @param stack the fully-connected stack (NNGP, NTK without --arch), or null
     * @param architecture the kernel of {@code --arch} (NNGP, NTK on rows of the file's input shape), or null
     * @param lengthScale the RBF length scale (RBF, variance 1)
     */
    public static KernelRegression.Result run(Session session, KernelRegression settings, String kernel, DenseStack stack,
                                              ArchitectureKernels.OnRows architecture, double lengthScale, String kernelName,
                                              INDArray x, Targets targets, INDArray test, Consumer<String> log) {
        KernelSpec spec = switch (kernel.toUpperCase(Locale.ROOT)) {
            case "NNGP", "NTK" -> {
                if ((stack == null) == (architecture == null)) {
                    throw new IllegalArgumentException("--kernel " + kernel + ": expected either a fully-connected stack or"
                            + " an architecture file (--arch), exactly one");
                }
                if (architecture != null && architecture.ntk() != kernel.equalsIgnoreCase("NTK")) {
                    throw new IllegalArgumentException("--kernel " + kernel + " with the architecture's " + (architecture.ntk()
                            ? "NTK" : "NNGP") + ": expected the kernel the command line asked for");
                }
                yield architecture != null ? KernelSpec.of(architecture)
                        : kernel.equalsIgnoreCase("NTK") ? KernelSpec.ntk(stack) : KernelSpec.nngp(stack);
            }
            case "RBF" -> KernelSpec.rbf(1.0, lengthScale);
            default -> throw new IllegalArgumentException("--kernel = " + kernel + ": expected nngp, ntk or rbf");
        };
        JavaSparkContext sc = session.context();
        SparkConf conf = sc.getConf();
        int tile = positiveInt(conf, TILE);
        int partitions = positiveInt(conf, PARTITIONS);
        DriverTraffic traffic = new DriverTraffic();
        sc.sc().addSparkListener(traffic);
        KernelRegression.Result r = new SparkKernelRegression(settings, tile, partitions, null)
                .run(sc, spec, kernelName, x, targets, test, log);
        traffic.awaitLastJob(sc);
        log.accept(traffic.describe(x.rows(), targets.values().columns()));
        return r;
    }

    /**
     * The Spark configuration of a job for {@code master} ("" for the master of spark-submit), application name
     * "tangent4j regress".
     *
     * @throws IllegalArgumentException when no master is given or set
     */
    static SparkConf conf(String master) {
        SparkConf conf = new SparkConf().setAppName("tangent4j regress");
        if (master != null && !master.isBlank()) {
            conf.setMaster(master.strip());
        } else if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("--spark without a master, and none set by spark-submit: expected"
                    + " --spark local[2], local[2,2], spark://HOST:7077, yarn or k8s://URL");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (conf.get("spark.master").startsWith("local")) {
            // a local job's fixed cost: no web UI unless asked for (-Dspark.ui.enabled=true)
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return conf;
    }

    private static int positiveInt(SparkConf conf, String key) {
        if (!conf.contains(key)) {
            return 0;
        }
        String v = conf.get(key);
        try {
            int i = Integer.parseInt(v.strip());
            if (i > 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " = " + v + ": expected a positive integer");
    }
}
