package org.tangent4j.autodiff.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.core.io.ArrayFiles;

/**
 * A resumable training state: theta after {@code step} updates and theta_0 (so weight motion is measured from the
 * true start), stored as {@code theta.npy}, {@code theta0.npy} and {@code step.txt} in a folder. Resume with
 * {@code checkpoint.restore(net)} and {@code GradientDescent.train(..., checkpoint.step(), ...)}.
 *
 * @param step the number of updates done
 * @param theta the parameters after them
 * @param initialTheta theta_0
 */
public record Checkpoint(int step, INDArray theta, INDArray initialTheta) {

    /** The state of {@code net} after {@code step} updates of a run that started at theta_0. */
    public static Checkpoint of(RealizationFunction net, int step, INDArray initialTheta) {
        return new Checkpoint(step, net.parameters(), initialTheta.dup());
    }

    /** Writes the three files (creating the folder). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ArrayFiles.write(dir.resolve("theta.npy"), theta);
        ArrayFiles.write(dir.resolve("theta0.npy"), initialTheta);
        Files.writeString(dir.resolve("step.txt"), Integer.toString(step) + "\n");
    }

    /**
     * Reads a checkpoint.
     *
     * @throws IOException if a file is missing or unreadable
     * @throws IllegalArgumentException if step.txt does not hold a non-negative integer
     */
    public static Checkpoint load(Path dir) throws IOException {
        String s = Files.readString(dir.resolve("step.txt")).trim();
        int step;
        try {
            step = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(dir.resolve("step.txt") + " holds '" + s + "': expected a non-negative integer");
        }
        if (step < 0) {
            throw new IllegalArgumentException(dir.resolve("step.txt") + " holds " + step + ": expected a non-negative integer");
        }
        return new Checkpoint(step, ArrayFiles.read(dir.resolve("theta.npy")), ArrayFiles.read(dir.resolve("theta0.npy")));
    }

    /** Writes theta into the network (its parameter count must match). */
    public void restore(RealizationFunction net) {
        net.setParameters(theta);
    }
}
