package org.tangent4j.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.cost.Costs;
import org.tangent4j.autodiff.realization.DenseNetwork;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.layers.LayerNetwork;
import org.tangent4j.autodiff.training.Checkpoint;
import org.tangent4j.autodiff.training.GradientDescent;
import org.tangent4j.autodiff.training.Snapshot;
import org.tangent4j.autodiff.training.TrainingOptions;
import org.tangent4j.autodiff.training.TrainingRecord;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.examples.support.Progress;
import org.tangent4j.examples.support.Table;
import org.tangent4j.examples.support.Threads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./tangent4j train}: full-batch gradient descent of a fully-connected network (flags) or of the network of an
 * architecture file ({@code --arch}, e.g. a CNN on NHWC images) on C = 1/(2N) sum |f - y|^2, with the loss per step
 * and the kernel drift and weight motion written as CSV.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a fully-connected network (or any --arch network) by gradient descent; write loss, kernel drift and weight motion (CSV).",
        footer = {"%nWrites PREFIX-loss.csv (step, loss) and PREFIX-drift.csv (step, kernel drift, largest weight change,",
                  "|theta - theta_0|). With --checkpoint DIR the state is saved every --checkpoint-every steps; running the",
                  "same command again continues from the newest checkpoint (to the same or a larger --steps) exactly as an",
                  "uninterrupted run would have. Example:",
                  "  ./tangent4j train --x x.npy --y y.npy --depth 2 --width 512 --lr 0.5 --steps 200 --out out/run",
                  "      --checkpoint out/run-checkpoint",
                  "  ./tangent4j train --arch cnn.json --x images.npy --y y.npy --width 64 --steps 100 --out out/cnn",
                  "      --save-final out/cnn-net"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--x", required = true, paramLabel = "FILE", description = "training inputs [N, d] (.npy or .csv);"
            + " with --arch also [N, L, C] signals or [N, H, W, C] images (.npy)")
    Path xFile;

    @Option(names = "--y", required = true, paramLabel = "FILE", description = "targets [N] or [N, k]")
    Path yFile;

    @Mixin
    ArchitectureOptions arch = new ArchitectureOptions();

    @Option(names = "--width", paramLabel = "N", defaultValue = "512", description = "hidden width (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "initialisation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lr", paramLabel = "ETA", defaultValue = "0.5", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "100", description = "gradient steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--cost", paramLabel = "NAME", defaultValue = "mse", description = "mse (C = 1/(2N) sum |f - y|^2) (default: ${DEFAULT-VALUE})")
    String cost;

    @Option(names = "--track-every", paramLabel = "M", defaultValue = "10", description = "drift and weight motion every M steps (default: ${DEFAULT-VALUE})")
    int trackEvery;

    @Option(names = "--save-params", paramLabel = "DIR0", description = "save the initial network (arch.json and one .npy per parameter)")
    Path saveInitial;

    @Option(names = "--save-final", paramLabel = "DIR1", description = "save the trained network (arch.json and one .npy per parameter)")
    Path saveFinal;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "keep a resumable checkpoint in DIR; resume from it if present")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "C", defaultValue = "50", description = "checkpoint interval in steps (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "output prefix")
    String out;

    /** Library argument names -&gt; this command's flags, for messages that reach the user. */
    private static final Map<String, String> FLAGS = Map.of("x", "--x", "y", "--y", "width", "--width", "learningRate", "--lr",
            "steps", "--steps", "trackEvery", "--track-every", "checkpointEvery", "--checkpoint-every", "wStd", "--w-std", "bStd", "--b-std");

    /** Targets [N] as a column [N, 1]. */
    private static INDArray columns(INDArray y) {
        return y.rank() == 1 ? y.reshape(y.length(), 1) : y;
    }

    @Override
    public Integer call() throws IOException {
        if (!cost.equals("mse")) {
            throw new IllegalArgumentException("--cost = '" + cost + "': expected mse (other costs are available from the Java API)");
        }
        Checks.positive("--width", width);
        Checks.positive("--lr", lr);
        UserInput.atLeast("--steps", steps, 0);
        UserInput.atLeast("--track-every", trackEvery, 1);
        UserInput.atLeast("--checkpoint-every", checkpointEvery, 1);
        RealizationFunction net;
        OutputFiles.Saving saving;
        INDArray x;
        INDArray y;
        if (arch.fromFile()) {
            Network network = arch.network();
            INDArray inputs = UserInput.inputs("--x", xFile);
            y = columns(UserInput.targets("--y", yFile, "--x", inputs));
            Shape in = ArchitectureKernels.inputShape(arch.archFile, network, "--x", xFile, inputs);
            Threads.preferSingleUpTo(width);
            LayerNetwork f = ArchitectureKernels.realize(arch.archFile, network, in, width, (int) y.columns(), seed);
            net = f;
            saving = f::save;
            x = ArchitectureKernels.rows(inputs);
        } else {
            x = UserInput.points("--x", xFile);
            y = columns(UserInput.targets("--y", yFile, "--x", x));
            DenseStack stack = arch.stack();
            long n = x.rows();
            long d = x.columns();
            long k = y.columns();
            // 12 P doubles for the parameters (the network, SameDiff's gradients, theta_0, theta_t, the gradient, the next
            // step and their not yet collected predecessors: peak RSS 3.35 GB measured at width 4096, depth 3, P = 33.6 M,
            // 0.24 GB at width 16), forward activations and backward signals per layer, and the tangent kernels [N k, N k].
            Footprint.requireWidth("train on " + n + " points with " + k + " outputs", arch, d, width, k,
                    w -> Footprint.doubles(Math.multiplyExact(12, Footprint.parameters(arch.depth, d, w, k, arch.bStd > 0)),
                            Math.multiplyExact(2L * (arch.depth + 1) * n * k, w), Math.multiplyExact(3 * n * k, n * k)));
            Threads.preferSingleUpTo(width);
            DenseNetwork f = UserInput.naming(FLAGS, () -> DenseNetworks.realize(stack, (int) d, width, (int) k, seed));
            net = f;
            saving = f::save;
        }
        OutputFiles.saveNetwork(saving, saveInitial);
        int k = (int) y.columns();
        CompiledCost mse = CompiledCost.of(Costs.squared(), k);
        TrainingOptions options = UserInput.naming(FLAGS, () -> TrainingOptions.fullBatch(lr, steps).withTrackEvery(trackEvery));
        Progress progress = Progress.of("training", steps);
        TrainingRecord r;
        if (checkpoint == null) {
            r = UserInput.naming(FLAGS, () -> GradientDescent.train(net, mse, x, y, options, progress::update));
        } else if (Checkpoint.exists(checkpoint)) {
            Checkpoint from = Checkpoint.load(checkpoint);
            System.out.printf("resuming from step %d of %d (checkpoint %s)%n", from.step(), steps, checkpoint);
            r = UserInput.naming(FLAGS, () -> GradientDescent.resume(net, mse, x, y, options.withCheckpoints(checkpoint, checkpointEvery),
                    from, progress::update));
        } else {
            r = UserInput.naming(FLAGS, () -> GradientDescent.train(net, mse, x, y, options.withCheckpoints(checkpoint, checkpointEvery),
                    progress::update));
        }
        OutputFiles.saveNetwork(saving, saveFinal);
        String settings = arch.describe() + ", width " + width + ", seed " + seed + ", lr " + lr;
        Table loss = Table.of("step", "loss").note("command", "train").note("settings", settings).note("cost", "C = 1/(2N) sum |f - y|^2");
        double[] l = r.loss();
        for (int t = 0; t < l.length; t++) {
            loss.row(t, l[t]);
        }
        Table drift = Table.of("step", "kernel_drift", "max_weight_change", "weight_distance").note("command", "train")
                .note("settings", settings).note("kernel_drift", "|Theta_t - Theta_0|_F / |Theta_0|_F on the training points");
        for (Snapshot s : r.snapshots()) {
            drift.row(s.step(), s.kernelDrift(), s.maxWeightChange(), s.weightDistance());
        }
        Path lossFile = loss.save(OutputFiles.of(out, "-loss.csv"));
        Path driftFile = drift.save(OutputFiles.of(out, "-drift.csv"));
        Snapshot last = r.last();
        System.out.printf("loss %.6g -> %.6g; kernel drift %.4g, largest weight change %.4g, |theta - theta_0| = %.4g%n", l[0],
                l[l.length - 1], last.kernelDrift(), last.maxWeightChange(), last.weightDistance());
        System.out.println("wrote " + lossFile + " and " + driftFile);
        return 0;
    }
}
