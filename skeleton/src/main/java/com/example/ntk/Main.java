package com.example.ntk;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.realization.SameDiffRealization;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.gp.GaussianProcess;
import org.tangent4j.core.gp.Posterior;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.core.limits.KernelPair;

/**
 * The four steps of a tangent4j project: the empirical NTK of {@link SkipNetwork}, the infinite-width kernels of the
 * matching {@link DenseStack}, and a Gaussian-process posterior with the NTK as covariance.
 */
public final class Main {

    private Main() {
    }

    /** Points on the unit circle (rows), d = 2. */
    static INDArray circle(double... angles) {
        double[][] rows = new double[angles.length][];
        for (int i = 0; i < angles.length; i++) {
            rows[i] = new double[] {Math.cos(angles[i]), Math.sin(angles[i])};
        }
        return Nd4j.createFromArray(rows);
    }

    /**
     * The infinite-width limit of {@link SkipNetwork}: the Dense, ReLU, Dense stack (w_std 1, b_std 0) is its ReLU
     * branch; the skip connection adds its own tangent kernel x.x'/d to the NTK.
     */
    static DenseStack reluBranch() {
        return DenseStack.fullyConnected(1, Activations.relu(), 1.0, 0.0);
    }

    /**
     * Prints Theta(x0, x1) of the network at width 4096 next to its infinite-width limit, and a GP posterior mean.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        INDArray x = circle(0.0, 1.0, 2.0);
        SameDiffRealization net = SkipNetwork.create(2, 4096, 7);
        INDArray empirical = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED).compute(net, x).traced();
        KernelPair limit = InfiniteWidth.of(reluBranch()).kernels(x, x);
        INDArray skip = x.mmul(x.transpose()).divi(2);
        System.out.printf("Theta(x0, x1): width 4096 %.4f, infinite width %.4f%n",
                empirical.getDouble(0, 1), limit.ntk().getDouble(0, 1) + skip.getDouble(0, 1));
        Posterior gp = GaussianProcess.zeroMean(InfiniteWidth.of(reluBranch()).ntk())
                .condition(x, Nd4j.createFromArray(1.0, -0.5, 0.25), 1e-2);
        System.out.printf("GP posterior mean at angle 0.5: %.6f%n", gp.mean(circle(0.5)).getDouble(0));
    }
}
