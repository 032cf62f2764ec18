package org.tangent4j.autodiff.realization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.layers.Layer;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;

/**
 * Parameters on disk: one NumPy {@code .npy} file per named parameter ({@code <name>.npy}, float64, the
 * parameter's own shape), readable by {@code numpy.load}. A saved network is such a folder with its architecture
 * file {@value #ARCHITECTURE_FILE} ({@code core.layers.ArchitectureFile}, every width set and the per-input shape in
 * its {@code "input"} field): dense weights {@code layers.<i>.W} [n_in, n_out], conv weights [FH, FW, C_in, C_out]
 * (HWIO; a 1-D conv [F, 1, C_in, C_out]), biases {@code layers.<i>.b} [n_out], named by the layer's place in the file.
 */
public final class ParameterFiles {

    /** The architecture file of a saved network. */
    public static final String ARCHITECTURE_FILE = "arch.json";
    /** The description file of networks saved before {@value #ARCHITECTURE_FILE} (no longer read). */
    static final String OLD_DESCRIPTION_FILE = "params.json";

    /** A saved network's description: the layers with every width set, and the per-input shape. */
    public record Saved(Network network, Shape input) {
    }

    private ParameterFiles() {
    }

    /** Writes every parameter of f to {@code dir/<name>.npy}, creating the folder if needed. */
    public static void save(RealizationFunction f, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : f.parameterNames()) {
            Nd4j.writeAsNumpy(f.parameter(name), file(dir, name).toFile());
        }
    }

    /**
     * Reads every parameter of f from {@code dir/<name>.npy} into f (in place).
     *
     * @throws IOException if a file is missing
     * @throws IllegalArgumentException if a file's shape or data type does not match the parameter
     */
    public static void load(RealizationFunction f, Path dir) throws IOException {
        for (String name : f.parameterNames()) {
            Path p = file(dir, name);
            if (!Files.isRegularFile(p)) {
                throw new IOException("parameter file " + p + " is missing: expected one .npy file per parameter "
                        + f.parameterNames());
            }
            INDArray a = Nd4j.createFromNpyFile(p.toFile());
            if (a.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException(p + " holds " + a.dataType() + ": expected float64");
            }
            long[] expected = f.parameterShape(name);
            if (!Arrays.equals(a.shape(), expected)) {
                throw new IllegalArgumentException(p + " has shape " + Arrays.toString(a.shape()) + ": expected "
                        + Arrays.toString(expected) + " for parameter '" + name + "'");
            }
            f.setParameter(name, a);
        }
    }

    /**
     * Saves a network: every parameter of f as {@code <name>.npy} and the description as {@value #ARCHITECTURE_FILE}.
     *
     * @param network the layers, every width set (the network f realizes)
     * @param input the per-input shape f was realized for
     */
    public static void save(RealizationFunction f, Network network, Shape input, Path dir) throws IOException {
        Parameterization root = Parameterization.NTK;
        for (Layer l : network.layers()) {
            if (l instanceof org.tangent4j.core.layers.Dense d) {
                root = d.parameterization();
                break;
            }
            if (l instanceof org.tangent4j.core.layers.Conv c) {
                root = c.parameterization();
                break;
            }
        }
        String text = ArchitectureFile.format(network, root, input); // first: a layer without a file form writes nothing
        save(f, dir);
        Files.writeString(dir.resolve(ARCHITECTURE_FILE), text);
    }

    /**
     * Reads the description of a saved network from {@code dir/}{@value #ARCHITECTURE_FILE}.
     *
     * @throws IOException if the file is missing or unreadable (a folder with only the older {@code params.json} is
     *     refused with a message saying so)
     * @throws IllegalArgumentException if the file is not a saved network's description (naming the file and entry)
     */
    public static Saved readArchitecture(Path dir) throws IOException {
        Path file = dir.resolve(ARCHITECTURE_FILE);
        if (!Files.isRegularFile(file)) {
            if (Files.isRegularFile(dir.resolve(OLD_DESCRIPTION_FILE))) {
                throw new IOException(file + " is missing: " + dir + " holds " + OLD_DESCRIPTION_FILE + ", the format of"
                        + " tangent4j before " + ARCHITECTURE_FILE + " (parameter files layer<i>.W.npy), which is no longer"
                        + " read: save the network again");
            }
            throw new IOException(file + " is missing: expected a folder of a saved network (" + ARCHITECTURE_FILE
                    + " and one .npy file per parameter)");
        }
        String json = Files.readString(file);
        try {
            Network network = ArchitectureFile.parse(json);
            Shape input = ArchitectureFile.input(json).orElseThrow(() -> new IllegalArgumentException("it has no"
                    + " \"input\" field: expected the per-input shape a saved network was realized for, e.g."
                    + " \"input\": [28, 28, 1]"));
            return new Saved(network, input);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Path file(Path dir, String name) {
        return dir.resolve(name + ".npy");
    }
}
