package org.tangent4j.core.solvers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.Cholesky;
import org.tangent4j.core.linalg.Matrices;

/**
 * The preconditioner P = L L^T + lambda I for K + lambda I, with a low-rank K ~ L L^T (a Nystrom approximation, e.g.
 * from {@link PivotedCholesky}), applied by the Woodbury identity:
 * <pre>
 * P^-1 R = (R - L (lambda I_r + L^T L)^-1 L^T R) / lambda
 * </pre>
 * at O(n r k) per block of k residuals after an O(n r^2) setup. P is symmetric positive definite for lambda &gt; 0.
 */
public final class NystromPreconditioner implements Preconditioner {

    private final INDArray l;
    private final double lambda;
    private final Cholesky inner;

    private NystromPreconditioner(INDArray l, double lambda, Cholesky inner) {
        this.l = l;
        this.lambda = lambda;
        this.inner = inner;
    }

    /** P = L L^T + lambda I for the factor L ([n, r]) and lambda &gt; 0. */
    public static NystromPreconditioner of(INDArray factor, double lambda) {
        Checks.positive("lambda", lambda);
        INDArray lf = Checks.matrix("factor", factor).castTo(DataType.DOUBLE);
        INDArray g = lf.columns() == 0 ? Nd4j.zeros(DataType.DOUBLE, 0, 0) : Matrices.columnGram(lf);
        Cholesky c = lf.columns() == 0 ? null : Cholesky.ofInPlace("lambda I + L^T L", Matrices.addToDiagonal(g.dup('c'), lambda), 0);
        return new NystromPreconditioner(lf, lambda, c);
    }

    /** The rank r. */
    public int rank() {
        return (int) l.columns();
    }

    @Override
    public INDArray apply(INDArray residuals) {
        INDArray r = residuals.castTo(DataType.DOUBLE);
        if (inner == null) {
            return r.div(lambda);
        }
        INDArray w = inner.solve(l.transpose().mmul(r));
        return r.sub(l.mmul(w)).divi(lambda);
    }
}
