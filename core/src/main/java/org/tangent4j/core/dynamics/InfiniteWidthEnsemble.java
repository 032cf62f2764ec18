package org.tangent4j.core.dynamics;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.check.Memory;
import org.tangent4j.core.limits.InfiniteWidthKernels;
import org.tangent4j.core.linalg.SymmetricEigen;

/**
 * The distribution of an infinitely wide network's outputs after training time t by gradient flow on
 * C = 1/(2N) sum_i (f(x_i) - y_i)^2 with learning rate eta: the initial function is the NNGP f_0 ~ GP(0, K) and the
 * flow df/dt = -(eta/N) Theta (f(X) - y) uses the NTK (Jacot et al. 2018; Lee et al. 2019, eqs. 15-16). With
 * Theta = Theta(X, X) = V diag(lambda) V^T and M_t = V diag((1 - exp(-eta lambda t / N)) / lambda) V^T:
 * <pre>
 * mean_t(x)      = Theta(x, X) M_t y
 * cov_t(x, x')   = K(x, x') + Theta(x, X) M_t K(X, X) M_t Theta(X, x')
 *                  - Theta(x, X) M_t K(X, x') - K(x, X) M_t Theta(X, x')
 * </pre>
 * At t = infinity, M = Theta^-1: the mean is kernel regression with the NTK and the trained function interpolates
 * the data. Targets may be [N] (one output) or [N, k] (k outputs, each trained independently with the same kernels:
 * the infinite-width kernels are zero across outputs); Theta is eigendecomposed once for all k columns, and every
 * later time and test set is cheap. The covariance is the same for every output.
 */
public final class InfiniteWidthEnsemble {

    private final InfiniteWidthKernels limits;
    private final INDArray x;
    private final INDArray y;
    private final double rate;
    private final SymmetricEigen theta;
    private final INDArray kxx;
    private final boolean vector;

    private InfiniteWidthEnsemble(InfiniteWidthKernels limits, INDArray x, INDArray y, boolean vector, double rate) {
        this.limits = limits;
        this.x = x;
        this.y = y;
        this.vector = vector;
        this.rate = rate;
        long n = x.size(0);
        // K(X, X) and Theta(X, X), then the eigendecomposition's work copy and eigenvectors.
        Memory.requireNative("the kernels and eigendecomposition of " + n + " training points (4 matrices [" + n + ", " + n + "])",
                4 * Memory.doubles("Theta(X, X)", n, n), "use fewer training points");
        var k = limits.kernels(x, x);
        this.theta = SymmetricEigen.of("Theta(X, X)", k.ntk());
        // Below ~1e-13 lambda_max an eigenvalue is indistinguishable from round-off of a singular matrix.
        if (!(theta.smallest() > 1e-13 * theta.largest())) {
            throw new IllegalArgumentException("Theta(X, X) has smallest eigenvalue " + theta.smallest() + " (largest "
                    + theta.largest() + "): expected a positive-definite NTK on the training points (duplicate points?)");
        }
        this.kxx = k.nngp();
    }

    /**
     * The ensemble trained with learning rate eta on (X, y).
     *
     * @param limits the network's infinite-width kernels ({@code InfiniteWidth}, or a {@code core.layers.Network})
     * @param x training points [N, d] (or [N, L, C] signals, [N, H, W, C] images: whatever the kernels take)
     * @param y targets [N] (one output) or [N, k] (k outputs)
     * @param learningRate eta &gt; 0 (only the product eta t matters)
     */
    public static InfiniteWidthEnsemble of(InfiniteWidthKernels limits, INDArray x, INDArray y, double learningRate) {
        Objects.requireNonNull(limits, "limits = null: expected the network's infinite-width kernels");
        INDArray xs = Checks.points("x", x);
        INDArray ys = Checks.targets("y", y, xs.size(0), "one row of targets per point of x");
        Checks.positive("learningRate", learningRate);
        return new InfiniteWidthEnsemble(limits, xs, ys, y.rank() == 1, learningRate / xs.size(0));
    }

    /** The ensemble at t = infinity (the learning rate does not matter there). */
    public static InfiniteWidthEnsemble atInfinity(InfiniteWidthKernels limits, INDArray x, INDArray y) {
        return of(limits, x, y, 1.0);
    }

    /** mean at t = infinity: [M] for M test points and targets [N]; [M, k] for targets [N, k]. */
    public INDArray mean(INDArray test) {
        return mean(test, Double.POSITIVE_INFINITY);
    }

    /** mean_t(x) = Theta(x, X) M_t Y: [M] for targets [N], [M, k] for targets [N, k]. */
    public INDArray mean(INDArray test, double time) {
        INDArray t = testPoints(test);
        INDArray m = limits.kernels(t, x).ntk().mmul(applyM(y, time));
        return vector ? m.reshape(t.size(0)) : m;
    }

    /** k, the number of outputs (columns of the targets; 1 for targets [N]). */
    public int outputs() {
        return (int) y.columns();
    }

    /** cov_t(x, x') on the test points, [M, M] (the same for every output). */
    public INDArray covariance(INDArray test, double time) {
        INDArray t = testPoints(test);
        var cross = limits.kernels(t, x);          // Theta(x, X), K(x, X)
        INDArray prior = limits.kernels(t, t).nngp(); // K(x, x')
        INDArray a = applyM(cross.ntk().transpose(), time).transpose();   // Theta(x, X) M_t, [M, N]
        INDArray aKaT = a.mmul(kxx).mmul(a.transpose());
        INDArray aKxT = a.mmul(cross.nngp().transpose());
        return prior.add(aKaT).subi(aKxT).subi(aKxT.transpose());
    }

    /** The covariance at t = infinity. */
    public INDArray covariance(INDArray test) {
        return covariance(test, Double.POSITIVE_INFINITY);
    }

    /**
     * The variances cov_t(x, x), [M], without forming the M x M covariance: with A = Theta(x, X) M_t ([M, N]),
     * cov_t(x_i, x_i) = K(x_i, x_i) + (A K(X, X))_i . A_i - 2 A_i . K(x_i, X), in O(M N^2).
     */
    public INDArray variance(INDArray test, double time) {
        INDArray t = testPoints(test);
        var cross = limits.kernels(t, x);
        INDArray a = applyM(cross.ntk().transpose(), time).transpose();   // [M, N]
        INDArray quad = a.mmul(kxx).muli(a).sum(1);
        INDArray lin = a.mul(cross.nngp()).sum(1).muli(2);
        return limits.diagonal(t).nngp().add(quad).subi(lin);
    }

    /** The variances at t = infinity. */
    public INDArray variance(INDArray test) {
        return variance(test, Double.POSITIVE_INFINITY);
    }

    private INDArray testPoints(INDArray test) {
        INDArray t = Checks.points("test", test);
        Checks.samePointShape("test", t, "the training points x", x);
        return t;
    }

    /** M_t B with M_t = V diag((1 - exp(-r lambda t)) / lambda) V^T, r = eta / N; t = infinity gives Theta^-1 B. */
    private INDArray applyM(INDArray b, double time) {
        if (!(time >= 0)) {
            throw new IllegalArgumentException("time = " + time + ": expected t >= 0 (or infinity)");
        }
        // Theta(X, X) is positive definite (checked in the constructor), so no eigenvalue needs the lambda -> 0 limit.
        return theta.applyFunction(l -> KernelFlow.integratedDecay(l, rate, time, 0),
                b.castTo(DataType.DOUBLE));
    }
}
