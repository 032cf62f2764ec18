package org.tangent4j.autodiff.realization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameters on disk: one NumPy {@code .npy} file per named parameter ({@code <name>.npy}, float64, the
 * parameter's own shape), readable by {@code numpy.load}.
 */
public final class ParameterFiles {

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

    private static Path file(Path dir, String name) {
        return dir.resolve(name + ".npy");
    }
}
