package org.tangent4j.autodiff.training;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.autodiff.cost.CompiledCost;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.failure.DivergenceException;
import org.tangent4j.core.linalg.SymmetricEigen;

/**
 * The linearized network f_lin(theta) = f_0 + J_0 (theta - theta_0), trained by gradient descent on theta,
 * theta_{s+1} = theta_s - (eta/N) J_0(X)^T d_s. It is trained in function space, which is the same map in another
 * association order and never holds the [N k, P] Jacobian:
 * <pre>
 * f_{s+1}(z) = f_s(z) - (eta/N) Theta_0(z, X) d(f_s(X)),   Theta_0 = J_0 J_0^T (full [k, k] blocks)
 * </pre>
 * on the stacked points [X; probes] (outputs point-major, as in the full tangent kernel).
 */
public final class LinearizedNetwork {

    private final INDArray f0;
    /** Theta_0([X; probes], X), the full tangent kernel at theta_0, [(N + M) k, N k]. */
    private final INDArray kernel0;
    private final int n;
    private final double lambdaMax;

    private LinearizedNetwork(INDArray f0, INDArray kernel0, int n, double lambdaMax) {
        this.f0 = f0;
        this.kernel0 = kernel0;
        this.n = n;
        this.lambdaMax = lambdaMax;
    }

    /** Linearizes {@code net} at its current parameters, on the training points X and the probes (may be null). */
    public static LinearizedNetwork of(RealizationFunction net, INDArray x, INDArray probes, TangentKernelMethod method) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(method, "method");
        INDArray xs = Checks.finiteMatrix("x", x);
        INDArray all = probes == null ? xs : Nd4j.vstack(xs, Checks.finiteMatrix("probes", probes).castTo(DataType.DOUBLE));
        INDArray full = EmpiricalTangentKernel.of(method).compute(net, all, xs).full();
        long nk = xs.rows() * net.outputDim();
        double lambdaMax = SymmetricEigen.largestEigenvalue("Theta_0(X, X)", full.get(NDArrayIndex.interval(0, nk), NDArrayIndex.all()));
        return new LinearizedNetwork(net.apply(all), full, (int) xs.rows(), lambdaMax);
    }

    /** f_0 on [X; probes], [N + M, k]. */
    public INDArray initialOutputs() {
        return f0.dup();
    }

    /**
     * {@code steps} steps of gradient descent on the linearized model with targets y [N, k], after checking the
     * learning rate against the stability bound 2N / (L lambda_max(Theta_0)) of the cost.
     *
     * @return the outputs on [X; probes] before the first step and after each step (steps + 1 entries)
     * @throws IllegalArgumentException if the learning rate is not positive or above the stability bound
     * @throws DivergenceException if the outputs stop being finite
     */
    public INDArray[] train(CompiledCost cost, INDArray y, double learningRate, int steps) {
        Objects.requireNonNull(cost, "cost");
        Checks.positive("learningRate", learningRate);
        var curvature = cost.definition().curvatureBound();
        double limit = curvature.isEmpty() ? Double.POSITIVE_INFINITY : 2 * n / (curvature.getAsDouble() * lambdaMax);
        if (learningRate > limit) {
            throw new IllegalArgumentException("learningRate = " + learningRate + " is above the stability bound " + limit
                    + " of the linearized dynamics; expected eta < " + limit);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps = " + steps + ": expected >= 0");
        }
        INDArray f = f0.dup();
        INDArray[] path = new INDArray[steps + 1];
        path[0] = f.dup();
        for (int s = 1; s <= steps; s++) {
            INDArray d = cost.dual(f.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()), y);
            f = f.sub(cost.kernelGradient(kernel0, d).muli(learningRate));
            double size = f.sumNumber().doubleValue();
            if (!Double.isFinite(size)) {
                throw new DivergenceException(s, "the linearized outputs f_lin became " + size + " (their sum) at step " + s
                        + " (learning rate " + learningRate + "): expected a smaller learning rate");
            }
            path[s] = f;
        }
        return path;
    }
}
