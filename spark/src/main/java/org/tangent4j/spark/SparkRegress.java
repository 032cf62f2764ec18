package org.tangent4j.spark;

import java.util.Locale;
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
     * Runs {@link KernelRegression#run} through Spark.
     *
     * @param master the Spark master ({@code local[2]}, {@code local[2,2]} to allow a retry per task,
     *     {@code spark://host:7077}, {@code yarn}, {@code k8s://...}), or "" for the one spark-submit sets
     * @param kernel {@code NNGP}, {@code NTK} or {@code RBF}
     * @param stack the fully-connected stack (NNGP, NTK without --arch), or null
     * @param architecture the kernel of {@code --arch} (NNGP, NTK on rows of the file's input shape), or null
     * @param lengthScale the RBF length scale (RBF, variance 1)
     */
    public static KernelRegression.Result run(String master, KernelRegression settings, String kernel, DenseStack stack,
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
        try (JavaSparkContext sc = context(master)) {
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
    }

    /**
     * A Spark context for {@code master} ("" for the master of spark-submit), application name "tangent4j".
     *
     * @throws IllegalArgumentException when no master is given or set
     */
    public static JavaSparkContext context(String master) {
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
        return new JavaSparkContext(conf);
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
