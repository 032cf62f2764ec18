package org.tangent4j.autodiff.training;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.core.io.ArrayFiles;

/**
 * A resumable training state: the parameters after {@link #step} updates, the record of the run so far (losses,
 * snapshots, theta_0) and the settings it ran with. {@link GradientDescent#resume} continues it exactly as an
 * uninterrupted run would have gone on (same parameters, losses and mini-batches, to the last bit).
 *
 * <p>On disk a checkpoint folder holds one sub-folder per saved state, {@code step-000000040/} with
 * {@code theta.npy}, {@code theta0.npy}, {@code loss.npy}, {@code snapshots.npy} ([S, 4]: step, kernel drift, largest
 * weight change, distance), {@code outputs.npy} ([S, M, k]), {@code options.properties} (and {@code probes.npy}), and a
 * file {@code latest} naming the newest complete one. {@code latest} is replaced atomically after the sub-folder is
 * written, so an interrupted save leaves the previous state readable; older sub-folders are then removed.
 *
 * <p>Immutable: theta is copied on the way in and on the way out.
 *
 * @param theta the parameters after {@code step} updates
 * @param history the run so far: {@code history.loss()} has step + 1 entries
 * @param options the settings of the run ({@code steps} is the total it was asked for)
 * @param data the SHA-256 digest of the training data x and y ({@link #digest}), so that a run resumes only on the
 *     very data it was trained on
 */
public record Checkpoint(INDArray theta, TrainingRecord history, TrainingOptions options, String data) {

    private static final String LATEST = "latest";
    private static final String DATA_KEY = "data.sha256";

    public Checkpoint {
        theta = Objects.requireNonNull(theta, "theta").dup();
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(data, "data");
    }

    /** theta (a copy). */
    @Override
    public INDArray theta() {
        return theta.dup();
    }

    /**
     * The SHA-256 digest (hex) of x and y: their shapes and the bits of their float64 values in row-major order. Equal
     * digests mean, up to a collision of SHA-256, bit-identical data.
     */
    public static String digest(INDArray x, INDArray y) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (INDArray a : new INDArray[] {x, y}) {
                ByteBuffer shape = ByteBuffer.allocate(8 * (a.rank() + 1)).putLong(a.rank());
                for (long s : a.shape()) {
                    shape.putLong(s);
                }
                md.update(shape.array());
                double[] v = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
                ByteBuffer bits = ByteBuffer.allocate(8 * v.length);
                bits.asDoubleBuffer().put(v);
                md.update(bits.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Whether two arrays (or nulls) have the same shape and bit-identical float64 values ({@code INDArray.equals} allows 1e-5). */
    static boolean identical(INDArray a, INDArray b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Arrays.equals(a.shape(), b.shape()) && Arrays.equals(bits(a), bits(b));
    }

    private static long[] bits(INDArray a) {
        double[] v = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.doubleToLongBits(v[i]);
        }
        return out;
    }

    /** The number of updates done. */
    public int step() {
        return history.loss().length - 1;
    }

    /** Whether {@code dir} holds a saved checkpoint. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(LATEST));
    }

    /**
     * Writes this state as the newest in {@code dir} (created if needed) and removes older ones.
     *
     * @throws IOException if a file cannot be written
     */
    public void save(Path dir) throws IOException {
        write(dir, theta, history.loss(), history.snapshots(), history.initialParameters(), options, data);
    }

    /** {@link #save} of a state given by its parts (training saves without copying theta into a record). */
    static void write(Path dir, INDArray theta, double[] loss, List<Snapshot> snaps, INDArray theta0, TrainingOptions options,
            String data) throws IOException {
        String name = String.format(Locale.ROOT, "step-%09d", loss.length - 1);
        Path target = dir.resolve(name);
        Files.createDirectories(target);
        ArrayFiles.write(target.resolve("theta.npy"), theta);
        ArrayFiles.write(target.resolve("theta0.npy"), theta0);
        ArrayFiles.write(target.resolve("loss.npy"), Nd4j.createFromArray(loss));
        double[][] numbers = new double[snaps.size()][];
        INDArray[] outputs = new INDArray[snaps.size()];
        for (int i = 0; i < snaps.size(); i++) {
            Snapshot s = snaps.get(i);
            numbers[i] = new double[] {s.step(), s.kernelDrift(), s.maxWeightChange(), s.weightDistance()};
            outputs[i] = s.outputs().castTo(DataType.DOUBLE);
        }
        ArrayFiles.write(target.resolve("snapshots.npy"), Nd4j.createFromArray(numbers));
        ArrayFiles.write(target.resolve("outputs.npy"), Nd4j.stack(0, outputs));
        Properties p = new Properties();
        p.setProperty("learningRate", Double.toString(options.learningRate()));
        p.setProperty("steps", Integer.toString(options.steps()));
        p.setProperty("batchSize", Integer.toString(options.batchSize()));
        p.setProperty("seed", Long.toString(options.seed()));
        p.setProperty("l2", Double.toString(options.l2()));
        p.setProperty("trackEvery", Integer.toString(options.trackEvery()));
        p.setProperty(DATA_KEY, data);
        if (options.probes() != null) {
            ArrayFiles.write(target.resolve("probes.npy"), options.probes());
        }
        try (Writer w = Files.newBufferedWriter(target.resolve("options.properties"))) {
            p.store(w, "tangent4j training checkpoint");
        }
        Path tmp = dir.resolve(LATEST + ".tmp");
        Files.writeString(tmp, name + "\n");
        Files.move(tmp, dir.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "step-*")) {
            for (Path o : old) {
                if (!o.getFileName().toString().equals(name)) {
                    deleteFolder(o);
                }
            }
        }
    }

    /**
     * Reads the newest checkpoint in {@code dir}.
     *
     * @throws IOException if {@code dir} holds no checkpoint or a file is missing or unreadable (the message names it)
     * @throws IllegalArgumentException if a file holds inconsistent contents
     */
    public static Checkpoint load(Path dir) throws IOException {
        if (!exists(dir)) {
            throw new NoSuchFileException(dir.resolve(LATEST).toString(), null,
                    "no checkpoint in " + dir + ": expected a file 'latest' naming the newest step-* folder");
        }
        String name = Files.readString(dir.resolve(LATEST)).trim();
        if (!name.matches("step-[0-9]{9}")) {
            throw new IllegalArgumentException(dir.resolve(LATEST) + " holds '" + name + "': expected a folder name step-NNNNNNNNN");
        }
        Path source = dir.resolve(name);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(source.resolve("options.properties"))) {
            p.load(r);
        }
        Path probesFile = source.resolve("probes.npy");
        INDArray probes = Files.exists(probesFile) ? ArrayFiles.read(probesFile) : null;
        TrainingOptions options = new TrainingOptions(number(p, "learningRate", source), (int) number(p, "steps", source),
                (int) number(p, "batchSize", source), (long) number(p, "seed", source), number(p, "l2", source),
                (int) number(p, "trackEvery", source), probes, null, 100);
        double[] loss = ArrayFiles.read(source.resolve("loss.npy")).toDoubleVector();
        INDArray numbers = ArrayFiles.read(source.resolve("snapshots.npy"));
        INDArray outputs = ArrayFiles.read(source.resolve("outputs.npy"));
        if (numbers.rank() != 2 || numbers.columns() != 4 || outputs.rank() != 3 || outputs.size(0) != numbers.rows()) {
            throw new IllegalArgumentException(source + ": snapshots.npy has shape " + Arrays.toString(numbers.shape())
                    + " and outputs.npy " + Arrays.toString(outputs.shape()) + ": expected [S, 4] and [S, M, k]");
        }
        List<Snapshot> snaps = new ArrayList<>();
        for (int i = 0; i < numbers.rows(); i++) {
            snaps.add(new Snapshot((int) numbers.getDouble(i, 0), outputs.get(NDArrayIndex.point(i)).dup(),
                    numbers.getDouble(i, 1), numbers.getDouble(i, 2), numbers.getDouble(i, 3)));
        }
        TrainingRecord history = new TrainingRecord(loss, snaps, ArrayFiles.read(source.resolve("theta0.npy")));
        String data = p.getProperty(DATA_KEY);
        if (data == null) {
            throw new IllegalArgumentException(source.resolve("options.properties") + " has no '" + DATA_KEY
                    + "': expected the digest of the training data (written since tangent4j 0.1.0)");
        }
        Checkpoint c = new Checkpoint(ArrayFiles.read(source.resolve("theta.npy")), history, options, data);
        if (!("step-" + String.format(Locale.ROOT, "%09d", c.step())).equals(name)) {
            throw new IllegalArgumentException(source + ": loss.npy has " + loss.length + " entries: expected step + 1 = "
                    + (Integer.parseInt(name.substring(5)) + 1));
        }
        return c;
    }

    /**
     * Writes theta into the network.
     *
     * @throws IllegalArgumentException if the network has another number of parameters
     */
    public void restore(RealizationFunction net) {
        long p = net.parameterCount();
        if (p != theta.length()) {
            throw new IllegalArgumentException("checkpoint theta has " + theta.length() + " parameters, the network " + p
                    + ": expected the architecture the checkpoint was saved from");
        }
        net.setParameters(theta);
    }

    private static double number(Properties p, String key, Path source) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(source.resolve("options.properties") + " has no '" + key + "'");
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source.resolve("options.properties") + ": " + key + " = '" + v + "': expected a number");
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
        Files.delete(folder);
    }
}
