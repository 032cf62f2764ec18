package org.tangent4j.core.dynamics;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.SymmetricEigen;

/**
 * Training in function space with a fixed kernel Theta (kernel gradient descent, d f / dt = -grad_Theta C, Jacot et al. 2018): the outputs on the
 * training points X and on other points Z move by
 * <pre>
 * d f(X)/dt = -(eta/N) Theta(X, X) d(f(X)),     d f(Z)/dt = -(eta/N) Theta(Z, X) d(f(X)),
 * </pre>
 * with d the dual of the cost (d = f - y for C = 1/(2N) sum |f - y|^2). Outputs are [N, k]; the kernels are either
 * the full tangent kernels (Theta(X, X) [N k, N k], Theta(Z, X) [M k, N k], entries ordered point-major: row i k + c
 * is output c at point i) or, when every output has the same kernel and outputs do not interact (the infinite-width
 * case, Theta ⊗ I_k), the per-output Gram matrices [N, N] and [M, N], which then act on all k columns at once. For one
 * output both are the ordinary Gram matrices. For the squared loss the flow has a closed
 * form through one eigendecomposition Theta(X, X) = V diag(lambda) V^T (see {@link #squaredLoss}); for any other cost
 * it is integrated numerically ({@link #integrate}, Dormand-Prince 8(5,3) from Commons Math).
 */
public final class KernelFlow {

    private final INDArray thetaXX;
    private final INDArray thetaZX;
    private final INDArray f0X;
    private final INDArray f0Z;
    private final double rate;
    /** The kernels are per-output Gram matrices [N, N], [M, N] shared by the k columns (Theta ⊗ I_k). */
    private final boolean shared;

    private KernelFlow(INDArray thetaXX, INDArray thetaZX, INDArray f0X, INDArray f0Z, double eta) {
        long nk = f0X.length();
        this.thetaXX = Checks.square("thetaXX", thetaXX);
        this.shared = this.thetaXX.rows() == f0X.rows() && f0X.columns() > 1;
        long n = shared ? f0X.rows() : nk;
        String why = shared ? "N, one kernel shared by the k outputs" : "N k, the number of training outputs (or N for a kernel shared by the outputs)";
        Checks.rows("thetaXX", this.thetaXX, n, why);
        this.thetaZX = Checks.finiteMatrix("thetaZX", thetaZX);
        Checks.columns("thetaZX", this.thetaZX, n, why);
        Checks.rows("thetaZX", this.thetaZX, shared ? f0Z.rows() : f0Z.length(), shared ? "M, the number of points Z" : "M k, the number of outputs at Z");
        this.f0X = f0X.castTo(DataType.DOUBLE).dup('c');
        this.f0Z = f0Z.castTo(DataType.DOUBLE).dup('c');
        this.rate = Checks.positive("learningRate", eta) / f0X.rows();
    }

    /**
     * A flow from the initial outputs f0(X) [N, k] and f0(Z) [M, k], with Theta(X, X) [N k, N k] and Theta(Z, X)
     * [M k, N k], or per-output kernels [N, N] and [M, N] shared by the k outputs, and learning rate eta (only eta t
     * matters).
     */
    public static KernelFlow of(INDArray thetaXX, INDArray thetaZX, INDArray f0X, INDArray f0Z, double learningRate) {
        Checks.finiteMatrix("f0X", f0X);
        Checks.finiteMatrix("f0Z", f0Z);
        Checks.columns("f0Z", f0Z, f0X.columns(), "the outputs per point k of f0X");
        return new KernelFlow(thetaXX, thetaZX, f0X, f0Z, learningRate);
    }

    /** The outputs at time t: {@code atX} [N, k] and {@code atZ} [M, k]. */
    public record State(double time, INDArray atX, INDArray atZ) {
    }

    /**
     * The closed form for the squared loss, eigendecomposing Theta(X, X) once; the returned function of time is cheap:
     * <pre>
     * f_t(X) = y + V exp(-r lambda t) V^T (f_0(X) - y)
     * f_t(Z) = f_0(Z) - Theta(Z, X) V diag((1 - exp(-r lambda t)) / lambda) V^T (f_0(X) - y),   r = eta / N
     * </pre>
     * (for t = infinity, the last factor is Theta(X, X)^-1 on its range). With a shared kernel the k columns are
     * transformed together: one eigendecomposition, products with k right-hand sides.
     *
     * @param y targets [N, k] (the shape of f0(X))
     */
    public java.util.function.DoubleFunction<State> squaredLoss(INDArray y) {
        Checks.finiteMatrix("y", y);
        if (!Arrays.equals(y.shape(), f0X.shape())) {
            throw new IllegalArgumentException("y has shape " + Arrays.toString(y.shape()) + ": expected " + Arrays.toString(f0X.shape()));
        }
        SymmetricEigen e = SymmetricEigen.of("thetaXX", thetaXX);
        INDArray r0 = shared ? f0X.sub(y.castTo(DataType.DOUBLE)) : f0X.sub(y.castTo(DataType.DOUBLE)).reshape(f0X.length(), 1);
        double lambdaMin = e.largest() * 1e-13;
        return t -> {
            if (!(t >= 0)) {
                throw new IllegalArgumentException("time = " + t + ": expected t >= 0 (or infinity)");
            }
            INDArray rx = e.applyFunction(l -> Math.exp(-rate * l * t), r0);
            INDArray m = e.applyFunction(l -> integratedDecay(l, rate, t, lambdaMin), r0);
            INDArray atX = y.castTo(DataType.DOUBLE).add(rx.dup('c').reshape(f0X.shape()));
            INDArray atZ = f0Z.sub(thetaZX.mmul(m).dup('c').reshape(f0Z.shape()));
            return new State(t, atX, atZ);
        };
    }

    /**
     * (1 - exp(-r lambda t)) / lambda, the spectral factor of Theta^-1 (I - exp(-r Theta t)): 1/lambda at t = infinity,
     * and for eigenvalues at or below {@code lambdaMin} (round-off of a singular kernel) its lambda -&gt; 0 limit r t
     * (0 at t = infinity, i.e. the pseudo-inverse).
     */
    static double integratedDecay(double lambda, double rate, double t, double lambdaMin) {
        if (lambda <= lambdaMin) {
            return Double.isInfinite(t) ? 0 : rate * t;
        }
        return -Math.expm1(-rate * lambda * t) / lambda;
    }

    /**
     * Integrates the flow to time t for any cost, given its dual d(f) on the training points ([N, k] -&gt; [N, k]).
     *
     * @param relativeTolerance and {@code absoluteTolerance}: the integrator's error control per component
     */
    public State integrate(UnaryOperator<INDArray> dual, double time, double relativeTolerance, double absoluteTolerance) {
        Checks.nonNegative("time", time);
        int nk = (int) f0X.length();
        int mk = (int) f0Z.length();
        long[] shapeX = f0X.shape();
        FirstOrderDifferentialEquations ode = new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return nk + mk;
            }

            @Override
            public void computeDerivatives(double t, double[] state, double[] derivative) {
                INDArray fx = Nd4j.createFromArray(Arrays.copyOf(state, nk)).reshape(shapeX);
                INDArray d = dual.apply(fx).castTo(DataType.DOUBLE).dup('c');
                d = shared ? d.reshape(shapeX) : d.reshape(nk, 1);
                double[] dx = thetaXX.mmul(d).muli(-rate).dup('c').data().asDouble();
                double[] dz = thetaZX.mmul(d).muli(-rate).dup('c').data().asDouble();
                System.arraycopy(dx, 0, derivative, 0, nk);
                System.arraycopy(dz, 0, derivative, nk, mk);
            }
        };
        double[] y = new double[nk + mk];
        System.arraycopy(f0X.data().asDouble(), 0, y, 0, nk);
        System.arraycopy(f0Z.data().asDouble(), 0, y, nk, mk);
        if (time > 0) {
            new DormandPrince853Integrator(1e-12, Math.max(time, 1e-12), absoluteTolerance, relativeTolerance).integrate(ode, 0, y, time, y);
        }
        return new State(time, Nd4j.createFromArray(Arrays.copyOf(y, nk)).reshape(shapeX),
                Nd4j.createFromArray(Arrays.copyOfRange(y, nk, nk + mk)).reshape(f0Z.shape()));
    }
}
