package org.tangent4j.autodiff.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.SymmetricEigen;

/**
 * Gradient descent on theta: theta &lt;- theta - eta (dC(F(theta))/dtheta + lambda theta), the gradient by the chain
 * rule through the cost's dual (one vector-Jacobian product per step, never the Jacobian), full-batch or mini-batch.
 * Records the cost at every step and, every m steps on probe points, the outputs, the relative drift of the tangent
 * kernel |Theta_t - Theta_0|_F / |Theta_0|_F and the weight motion (largest single change, total distance): the
 * notes' "individual weights move little, the total variation is large" in numbers.
 *
 * <p>Before the first step, when the cost declares a curvature bound L (the built-ins do), a learning rate with
 * eta L lambda_max(Theta(X, X)) / N &gt; 2 is refused: the linearized dynamics f &lt;- f - (eta/N) Theta d would diverge.
 * If the cost becomes NaN or infinite, training stops with {@link TrainingDivergedException} and the network keeps the
 * last parameters with a finite cost. Training modifies the network's parameters in place; to resume, save them
 * ({@code ParameterFiles.save}) with the step reached and call {@link #train} again with {@code firstStep}.
 */
public final class GradientDescent {

    private static final EmpiricalTangentKernel NTK = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);

    private GradientDescent() {
    }

    /** Trains from step 0 without progress reports. */
    public static TrainingRecord train(RealizationFunction net, CompiledCost cost, INDArray x, INDArray y, TrainingOptions o) {
        return train(net, cost, x, y, o, 0, t -> { });
    }

    /**
     * Trains for {@code o.steps()} updates.
     *
     * @param x training inputs [N, d]
     * @param y targets [N, k]
     * @param firstStep the step number to start counting from (a resumed run's step; it also offsets the SGD order)
     * @param afterStep called after each update with the step reached (progress display)
     * @throws IllegalArgumentException if the learning rate is above the linearized stability bound
     * @throws TrainingDivergedException if the cost stops being finite
     */
    public static TrainingRecord train(RealizationFunction net, CompiledCost cost, INDArray x, INDArray y, TrainingOptions o,
            int firstStep, IntConsumer afterStep) {
        Objects.requireNonNull(net, "net");
        INDArray xs = Checks.finiteMatrix("x", x);
        INDArray ys = Checks.finiteMatrix("y", y);
        Checks.rows("y", ys, xs.rows(), "one target row per row of x");
        int n = (int) xs.rows();
        INDArray probes = o.probes() == null ? xs : Checks.finiteMatrix("probes", o.probes());
        checkStability(net, cost, xs, o);

        INDArray theta0 = net.parameters();
        INDArray ntk0 = NTK.compute(net, probes).traced();
        double ntk0Norm = ntk0.norm2Number().doubleValue();
        List<Snapshot> snapshots = new ArrayList<>();
        snapshots.add(new Snapshot(firstStep, net.apply(probes), 0, 0, 0));
        double[] loss = new double[o.steps() + 1];
        SplittableRandom order = new SplittableRandom(o.seed() + firstStep);
        int[] perm = new int[n];
        int cursor = n;
        INDArray theta = theta0;
        boolean fullBatch = o.batchSize() == 0 || o.batchSize() >= n;
        CompiledCost.Evaluation current = cost.evaluate(net.apply(xs), ys);
        loss[0] = current.value() + penalty(theta, o.l2());
        for (int t = 1; t <= o.steps(); t++) {
            INDArray grad;
            if (fullBatch) {
                // The dual at the current parameters was computed with the previous step's cost: one vjp remains.
                grad = net.vjp(xs, current.dual().divi(n));
            } else {
                if (cursor + o.batchSize() > n) {
                    shuffle(perm, order);
                    cursor = 0;
                }
                int[] rows = java.util.Arrays.copyOfRange(perm, cursor, cursor + o.batchSize());
                cursor += o.batchSize();
                grad = cost.parameterGradient(net, xs.getRows(rows), ys.getRows(rows));
            }
            if (o.l2() > 0) {
                grad.addi(theta.mul(o.l2()));
            }
            INDArray next = theta.sub(grad.muli(o.learningRate()));
            grad.close(); // P doubles each: free native memory now rather than at the next (rare) Java GC
            net.setParameters(next);
            current = cost.evaluate(net.apply(xs), ys);
            double c = current.value() + penalty(next, o.l2());
            if (!Double.isFinite(c)) {
                net.setParameters(theta);
                throw new TrainingDivergedException(firstStep + t, o.learningRate(), loss[t - 1], c);
            }
            if (theta != theta0) {
                theta.close();
            }
            theta = next;
            loss[t] = c;
            NativeMemory.reclaimIfGrown();
            if (t % o.trackEvery() == 0 || t == o.steps()) {
                INDArray moved = theta.sub(theta0);
                double drift = NTK.compute(net, probes).traced().subi(ntk0).norm2Number().doubleValue() / ntk0Norm;
                snapshots.add(new Snapshot(firstStep + t, net.apply(probes), drift, moved.amaxNumber().doubleValue(),
                        moved.norm2Number().doubleValue()));
            }
            afterStep.accept(firstStep + t);
        }
        return new TrainingRecord(loss, snapshots, firstStep, theta0);
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

    private static double penalty(INDArray theta, double l2) {
        return l2 > 0 ? 0.5 * l2 * theta.mul(theta).sumNumber().doubleValue() : 0;
    }

    private static void shuffle(int[] perm, SplittableRandom r) {
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = perm.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
    }
}
