package org.tangent4j.autodiff.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.memory.Temporaries;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.SymmetricEigen;

/**
 * Gradient descent on theta: theta &lt;- theta - eta (dC(F(theta))/dtheta + lambda theta), the gradient by the chain
 * rule through the cost's dual (one vector-Jacobian product per step, never the Jacobian), full-batch or mini-batch.
 * Records the cost at every step and, every m steps on probe points, the outputs, the relative drift of the tangent
 * kernel |Theta_t - Theta_0|_F / |Theta_0|_F and the weight motion (largest single change, total distance): lazy
 * training's "individual weights move little, the total change is large" in numbers.
 *
 * <p>Before the first step, when the cost declares a curvature bound L (the built-ins do), a learning rate with
 * eta L lambda_max(Theta(X, X)) / N &gt; 2 is refused: the linearized dynamics f &lt;- f - (eta/N) Theta d would diverge.
 * If the cost becomes NaN or infinite, training stops with {@link TrainingDivergedException} and the network keeps the
 * last parameters with a finite cost. Training modifies the network's parameters in place. Long runs keep a
 * {@link Checkpoint} ({@link TrainingOptions#withCheckpoints}) and continue from it with {@link #resume}.
 */
public final class GradientDescent {

    private static final EmpiricalTangentKernel NTK = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);

    private GradientDescent() {
    }

    /** Trains from theta's current value without progress reports. */
    public static TrainingRecord train(RealizationFunction net, CompiledCost cost, INDArray x, INDArray y, TrainingOptions o) {
        return train(net, cost, x, y, o, t -> { });
    }

    /**
     * Trains for {@code o.steps()} updates from the network's current parameters (theta_0), keeping a checkpoint up to
     * date when the options ask for one.
     *
     * @param x training inputs [N, d]
     * @param y targets [N, k]
     * @param afterStep called after each update with the step reached (progress display)
     * @throws IllegalArgumentException if the learning rate is above the linearized stability bound
     * @throws TrainingDivergedException if the cost stops being finite
     * @throws UncheckedIOException if a checkpoint cannot be written
     */
    public static TrainingRecord train(RealizationFunction net, CompiledCost cost, INDArray x, INDArray y, TrainingOptions o,
            IntConsumer afterStep) {
        Objects.requireNonNull(net, "net = null: expected a RealizationFunction");
        Objects.requireNonNull(cost, "cost = null: expected a CompiledCost");
        Objects.requireNonNull(o, "o = null: expected TrainingOptions");
        Objects.requireNonNull(afterStep, "afterStep = null: expected a progress callback (t -> { } for none)");
        Data d = Data.of(x, y, o);
        checkStability(net, cost, d.x, o);
        INDArray theta0 = net.parameters();
        INDArray ntk0 = NTK.compute(net, d.probes).traced();
        List<Snapshot> snapshots = new ArrayList<>();
        snapshots.add(new Snapshot(0, net.apply(d.probes), 0, 0, 0));
        double[] loss = new double[o.steps() + 1];
        CompiledCost.Evaluation current = cost.evaluate(net.apply(d.x), d.y);
        loss[0] = current.value() + penalty(theta0, o.l2());
        return run(net, cost, d, o, theta0, ntk0, loss, snapshots, 0, current, BatchOrder.of(d.n, o), afterStep);
    }

    /**
     * Continues a checkpointed run up to {@code o.steps()} updates in total, exactly as the uninterrupted run would have
     * gone on: the parameters, losses and mini-batches agree to the last bit, and kernel drift and weight motion are
     * measured from the run's true start (theta_0 and Theta_0 from the checkpoint). The network gets the checkpoint's
     * parameters first.
     *
     * @param o the run's settings; only {@code steps} (the new total, at least the checkpoint's step) and the checkpoint
     *     folder may differ from the checkpoint's
     * @return the record of the whole run, from step 0
     * @throws IllegalArgumentException if a setting differs from the checkpoint's, or the network does not fit it
     */
    public static TrainingRecord resume(RealizationFunction net, CompiledCost cost, INDArray x, INDArray y, TrainingOptions o,
            Checkpoint from, IntConsumer afterStep) {
        Objects.requireNonNull(net, "net = null: expected a RealizationFunction");
        Objects.requireNonNull(cost, "cost = null: expected a CompiledCost");
        Objects.requireNonNull(o, "o = null: expected TrainingOptions");
        Objects.requireNonNull(from, "from = null: expected a Checkpoint");
        Objects.requireNonNull(afterStep, "afterStep = null: expected a progress callback (t -> { } for none)");
        sameSettings(o, from.options());
        int step = from.step();
        if (o.steps() < step) {
            throw new IllegalArgumentException("steps = " + o.steps() + ": expected at least the checkpoint's step " + step);
        }
        Data d = Data.of(x, y, o);
        if (!d.digest().equals(from.data())) {
            throw new IllegalArgumentException("x, y (SHA-256 " + d.digest() + ") differ from the training data of the"
                    + " checkpoint (SHA-256 " + from.data() + ", compared bit for bit): expected the same x and y to resume");
        }
        TrainingRecord h = from.history();
        INDArray theta0 = h.initialParameters();
        from.restore(net); // checks the parameter count before anything else is touched
        net.setParameters(theta0);
        INDArray ntk0 = NTK.compute(net, d.probes).traced();
        try (Temporaries tmp = new Temporaries()) {
            net.setParameters(tmp.add(from.theta()));
        }
        double[] loss = Arrays.copyOf(h.loss(), o.steps() + 1);
        List<Snapshot> snapshots = new ArrayList<>(h.snapshots());
        CompiledCost.Evaluation current = cost.evaluate(net.apply(d.x), d.y);
        return run(net, cost, d, o, theta0, ntk0, loss, snapshots, step, current, BatchOrder.of(d.n, o).skip(step), afterStep);
    }

    /** Checked training data: inputs, targets, probe points, and the digest of x and y a checkpoint records. */
    private record Data(INDArray x, INDArray y, INDArray probes, int n) {
        static Data of(INDArray x, INDArray y, TrainingOptions o) {
            INDArray xs = Checks.finiteMatrix("x", x);
            INDArray ys = Checks.finiteMatrix("y", y);
            Checks.rows("y", ys, xs.rows(), "one target row per row of x");
            INDArray probes = o.probes() == null ? xs : Checks.finiteMatrix("probes", o.probes());
            return new Data(xs, ys, probes, (int) xs.rows());
        }

        String digest() {
            return Checkpoint.digest(x, y);
        }
    }

    /**
     * Steps step + 1 .. o.steps(), with loss[0..step] and the snapshots so far filled in. Every temporary of a step
     * (the gradient, the penalty term, the outputs, the weight motion: up to a few vectors of P doubles) lives in a
     * {@link Temporaries} scope and its native buffer is freed when the step ends, so the resident memory stays flat
     * without any help from the garbage collector.
     */
    private static TrainingRecord run(RealizationFunction net, CompiledCost cost, Data d, TrainingOptions o, INDArray theta0,
            INDArray ntk0, double[] loss, List<Snapshot> snapshots, int step, CompiledCost.Evaluation evaluation,
            BatchOrder batches, IntConsumer afterStep) {
        double ntk0Norm = ntk0.norm2Number().doubleValue();
        CompiledCost.Evaluation current = evaluation;
        INDArray theta = net.parameters();
        for (int t = step + 1; t <= o.steps(); t++) {
            INDArray next;
            try (Temporaries tmp = new Temporaries()) {
                INDArray grad;
                if (batches.fullBatch()) {
                    // The dual at the current parameters was computed with the previous step's cost: one vjp remains.
                    grad = tmp.add(net.vjp(d.x, tmp.add(current.dual()).divi(d.n)));
                } else {
                    int[] rows = batches.next();
                    grad = tmp.add(cost.parameterGradient(net, tmp.add(d.x.getRows(rows)), tmp.add(d.y.getRows(rows))));
                }
                if (o.l2() > 0) {
                    grad.addi(tmp.add(theta.mul(o.l2())));
                }
                next = theta.sub(grad.muli(o.learningRate()));
                net.setParameters(next);
                current = cost.evaluate(tmp.add(net.apply(d.x)), d.y);
                double c = current.value() + penalty(next, o.l2());
                if (!Double.isFinite(c)) {
                    net.setParameters(theta);
                    Temporaries.release(next);
                    throw new TrainingDivergedException(t, o.learningRate(), loss[t - 1], c);
                }
                loss[t] = c;
            }
            Temporaries.release(theta);
            theta = next;
            if (t % o.trackEvery() == 0 || t == o.steps()) {
                try (Temporaries tmp = new Temporaries()) {
                    INDArray moved = tmp.add(theta.sub(theta0));
                    INDArray drift = tmp.add(NTK.compute(net, d.probes).traced()).subi(ntk0);
                    snapshots.add(new Snapshot(t, tmp.add(net.apply(d.probes)), drift.norm2Number().doubleValue() / ntk0Norm,
                            moved.amaxNumber().doubleValue(), moved.norm2Number().doubleValue()));
                }
            }
            if (o.checkpointDir() != null && (t % o.checkpointEvery() == 0 || t == o.steps())) {
                save(theta, Arrays.copyOf(loss, t + 1), snapshots, theta0, o, d.digest(), o.checkpointDir());
            }
            afterStep.accept(t);
        }
        return new TrainingRecord(loss, snapshots, theta0);
    }

    private static void save(INDArray theta, double[] loss, List<Snapshot> snapshots, INDArray theta0, TrainingOptions o,
            String data, Path dir) {
        try {
            Checkpoint.write(dir, theta, loss, snapshots, theta0, o, data);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint at step " + (loss.length - 1) + " could not be written to " + dir, e);
        }
    }

    /** The settings a resumed run must share with its checkpoint (all but the number of steps and checkpointing). */
    private static void sameSettings(TrainingOptions o, TrainingOptions saved) {
        same("learningRate", o.learningRate(), saved.learningRate());
        same("batchSize", o.batchSize(), saved.batchSize());
        same("seed", o.seed(), saved.seed());
        same("l2", o.l2(), saved.l2());
        same("trackEvery", o.trackEvery(), saved.trackEvery());
        if (!Checkpoint.identical(o.probes(), saved.probes())) {
            throw new IllegalArgumentException("probes differ from the checkpoint's (compared bit for bit): expected the"
                    + " same probe points to resume");
        }
    }

    /** Exact equality (Double.equals compares the bits: 0.3 and 0.3 + 1e-16 differ). */
    private static void same(String name, Object value, Object saved) {
        if (!value.equals(saved)) {
            throw new IllegalArgumentException(name + " = " + value + " but the checkpoint was trained with " + saved
                    + ": expected the same setting to resume");
        }
    }

    /**
     * The largest stable learning rate of the linearized dynamics for this cost, 2N / (L lambda_max(Theta(X, X))),
     * or +infinity when the cost declares no curvature bound.
     */
    public static double stableLearningRate(RealizationFunction net, CompiledCost cost, INDArray x) {
        var bound = cost.definition().curvatureBound();
        if (bound.isEmpty() || bound.getAsDouble() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        INDArray theta = NTK.compute(net, x).full();
        double lambdaMax = SymmetricEigen.largestEigenvalue("Theta(X, X)", theta);
        Temporaries.release(theta);
        return 2 * x.rows() / (bound.getAsDouble() * lambdaMax);
    }

    private static void checkStability(RealizationFunction net, CompiledCost cost, INDArray x, TrainingOptions o) {
        double limit = stableLearningRate(net, cost, x);
        if (o.learningRate() > limit) {
            throw new IllegalArgumentException("learningRate = " + o.learningRate() + " is above the stability bound "
                    + limit + " = 2N / (L lambda_max(Theta)) with N = " + x.rows() + ", L = "
                    + cost.definition().curvatureBound().getAsDouble() + ": the linearized dynamics would diverge; expected eta < " + limit);
        }
    }

    /** (lambda/2) |theta|^2. */
    private static double penalty(INDArray theta, double l2) {
        if (l2 == 0) {
            return 0;
        }
        try (Temporaries tmp = new Temporaries()) {
            return 0.5 * l2 * tmp.add(theta.mul(theta)).sumNumber().doubleValue();
        }
    }
}
