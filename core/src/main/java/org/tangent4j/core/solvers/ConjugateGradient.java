package org.tangent4j.core.solvers;

import java.util.Arrays;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;

/**
 * Preconditioned conjugate gradients for M X = Y with k right-hand sides, one product M P per iteration for all
 * columns together (so a tiled M is streamed once per iteration, not k times). Each column runs its own recurrence
 * (Hestenes and Stiefel 1952; Saad 2003, Algorithm 9.1):
 * <pre>
 * R = Y - M X, Z = P^-1 R, D = Z;  per column j:  a_j = r_j.z_j / d_j.(M d_j),  x_j += a_j d_j,  r_j -= a_j M d_j,
 * z_j = P^-1 r_j,  b_j = r_j.z_j(new) / r_j.z_j(old),  d_j = z_j + b_j d_j
 * </pre>
 * Stops when every column's recursive residual satisfies |r_j| &lt;= tol |y_j|; a converged column is frozen. The
 * reported residuals are the true ones, |y_j - M x_j| / |y_j|, from one more product.
 */
public final class ConjugateGradient {

    private ConjugateGradient() {
    }

    /**
     * The outcome.
     *
     * @param solution X, [n, k]
     * @param iterations products with M in the iteration (excluding the final residual check)
     * @param residuals per column |y_j - M x_j| / |y_j| (0 for a zero column)
     * @param converged whether every column met the tolerance within the iteration limit
     */
    public record Result(INDArray solution, int iterations, double[] residuals, boolean converged) {

        /** The largest relative residual. */
        public double maxResidual() {
            return Arrays.stream(residuals).max().orElse(0);
        }
    }

    /**
     * Solves M X = Y.
     *
     * @param y [n, k] right-hand sides
     * @param tolerance relative residual per column, in (0, 1)
     * @param maxIterations iteration limit &gt; 0
     * @param perIteration receives (iteration, largest recursive relative residual) after each iteration
     */
    public static Result solve(BlockOperator m, INDArray y, Preconditioner p, double tolerance, int maxIterations,
                               Consumer<double[]> perIteration) {
        INDArray b = Checks.matrix("y", y).castTo(DataType.DOUBLE).dup('c');
        Checks.rows("y", b, m.size(), "the size of the operator");
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance = " + tolerance + ": expected a relative residual in (0, 1)");
        }
        Checks.positive("maxIterations", maxIterations);
        int k = (int) b.columns();
        double[] norms = b.norm2(0).toDoubleVector();
        INDArray x = Nd4j.zeros(DataType.DOUBLE, m.size(), k);
        INDArray r = b.dup('c');
        INDArray z = p.apply(r);
        INDArray d = z.dup('c');
        double[] rz = columnDots(r, z);
        boolean[] done = new boolean[k];
        int iterations = 0;
        boolean converged = allDone(r, norms, tolerance, done);
        while (!converged && iterations < maxIterations) {
            INDArray q = m.multiply(d);
            iterations++;
            org.tangent4j.core.tiles.NativeMemory.reclaimIfGrown();
            double[] dq = columnDots(d, q);
            double[] alpha = new double[k];
            for (int j = 0; j < k; j++) {
                alpha[j] = done[j] ? 0 : rz[j] / dq[j];
            }
            INDArray a = Nd4j.createFromArray(alpha).reshape(1, k);
            x.addi(d.mulRowVector(a));
            r.subi(q.mulRowVector(a));
            converged = allDone(r, norms, tolerance, done);
            double worst = 0;
            double[] rn = r.norm2(0).toDoubleVector();
            for (int j = 0; j < k; j++) {
                worst = Math.max(worst, norms[j] == 0 ? 0 : rn[j] / norms[j]);
            }
            perIteration.accept(new double[] {iterations, worst});
            if (converged) {
                break;
            }
            z = p.apply(r);
            double[] rzNew = columnDots(r, z);
            double[] beta = new double[k];
            for (int j = 0; j < k; j++) {
                beta[j] = done[j] ? 0 : rzNew[j] / rz[j];
                rz[j] = rzNew[j];
            }
            // frozen columns: direction 0 (their z is masked out as well)
            double[] mask = new double[k];
            for (int j = 0; j < k; j++) {
                mask[j] = done[j] ? 0 : 1;
            }
            d = z.mulRowVector(Nd4j.createFromArray(mask).reshape(1, k)).addi(d.mulRowVector(Nd4j.createFromArray(beta).reshape(1, k)));
        }
        INDArray trueResidual = b.sub(m.multiply(x));
        double[] rn = trueResidual.norm2(0).toDoubleVector();
        double[] rel = new double[k];
        for (int j = 0; j < k; j++) {
            rel[j] = norms[j] == 0 ? rn[j] : rn[j] / norms[j];
        }
        return new Result(x, iterations, rel, converged);
    }

    private static double[] columnDots(INDArray a, INDArray b) {
        return a.mul(b).sum(0).toDoubleVector();
    }

    private static boolean allDone(INDArray r, double[] norms, double tol, boolean[] done) {
        double[] rn = r.norm2(0).toDoubleVector();
        boolean all = true;
        for (int j = 0; j < rn.length; j++) {
            done[j] = done[j] || rn[j] <= tol * norms[j];
            all &= done[j];
        }
        return all;
    }
}
