package org.tangent4j.core.limits;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.Dense;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Layer;
import org.tangent4j.core.arch.Nonlinearity;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;

/**
 * The infinite-width limits of a fully-connected network ({@link DenseStack}, NTK parameterization): the NNGP
 * covariance Sigma^(L) and the neural tangent kernel Theta^(L) of Jacot, Gabriel and Hongler (2018, Theorem 1), in
 * the conventions of neural-tangents' stax:
 * <pre>
 * input:       K = x.x' / d,                 Theta = 0
 * Dense:       K &lt;- w_std^2 K + b_std^2,     Theta &lt;- w_std^2 Theta + K   (the new K)
 * activation:  K &lt;- E[s(u) s(v)],           Theta &lt;- Theta * E[s'(u) s'(v)],
 *              (u, v) ~ N(0, [[K(x,x), K(x,x')], [K(x,x'), K(x',x')]])
 * </pre>
 * After the last Dense layer K is Sigma^(L) and Theta is Theta^(L) (per output; the kernels are zero across outputs).
 * Closed forms are used for {@code PiecewiseLinear} (ReLU family) and {@code ScaledErf}; every other activation is
 * integrated by two-dimensional Gauss-Hermite quadrature of the given degree.
 *
 * <p>Each layer costs O(N1 N2) scalar work, done in plain Java loops split over the available cores (ND4J's
 * elementwise transcendental functions measured several times slower here); the input kernel is one dgemm. When
 * x1 and x2 are the same array only the upper triangle is computed.
 */
public final class InfiniteWidth {

    /** Gauss-Hermite degree used for activations without a closed form, unless set otherwise. */
    public static final int DEFAULT_QUADRATURE_DEGREE = 40;

    private final DenseStack stack;
    private final List<Object> stages;

    private InfiniteWidth(DenseStack stack, int degree, boolean forceQuadrature) {
        this.stack = stack;
        this.stages = new ArrayList<>();
        for (Layer layer : stack.layers()) {
            if (layer instanceof Nonlinearity n) {
                stages.add(Expectations.of(n.activation(), degree, forceQuadrature));
            } else {
                stages.add(layer);
            }
        }
    }

    /** The limits of {@code stack}, closed forms where they exist and quadrature of the default degree otherwise. */
    public static InfiniteWidth of(DenseStack stack) {
        return of(stack, DEFAULT_QUADRATURE_DEGREE, false);
    }

    /**
     * The limits of {@code stack} with an explicit quadrature degree.
     *
     * @param quadratureDegree number of Gauss-Hermite nodes per dimension (&gt; 0)
     * @param forceQuadrature integrate every activation numerically, closed-form ones included (for checks)
     * @throws IllegalArgumentException for the standard parameterization, whose NTK has no width-independent limit
     */
    public static InfiniteWidth of(DenseStack stack, int quadratureDegree, boolean forceQuadrature) {
        Objects.requireNonNull(stack, "stack");
        Checks.positive("quadratureDegree", quadratureDegree);
        if (stack.parameterization() != Parameterization.NTK) {
            throw new IllegalArgumentException("parameterization = " + stack.parameterization()
                    + ": the infinite-width kernels are defined for the NTK parameterization (in the standard"
                    + " parameterization the tangent kernel grows with the width); use stack.withParameterization(NTK)");
        }
        return new InfiniteWidth(stack, quadratureDegree, forceQuadrature);
    }

    /** The architecture. */
    public DenseStack stack() {
        return stack;
    }

    /** Sigma^(L) as a {@link Kernel}. */
    public Kernel nngp() {
        return part("NNGP kernel", KernelPair::nngp);
    }

    /** Theta^(L) as a {@link Kernel}. */
    public Kernel ntk() {
        return part("NTK", KernelPair::ntk);
    }

    /** One of the two kernels of {@link #kernels} as a {@link Kernel} (its diagonal from {@link #diagonal}). */
    private Kernel part(String label, java.util.function.Function<KernelPair, INDArray> select) {
        return new Kernel() {
            @Override
            public INDArray gram(INDArray x1, INDArray x2) {
                return select.apply(kernels(x1, x2));
            }

            @Override
            public INDArray diagonal(INDArray x) {
                return select.apply(InfiniteWidth.this.diagonal(x));
            }

            @Override
            public String toString() {
                return label + " of " + stack;
            }
        };
    }

    /**
     * Both kernels on x1 x x2 in one pass: [N1, N2] each.
     *
     * @param x1 [N1, d] points as rows
     * @param x2 [N2, d] points as rows (pass the same array as x1 for a symmetric Gram matrix at half the cost)
     */
    public KernelPair kernels(INDArray x1, INDArray x2) {
        boolean symmetric = x1 == x2;
        INDArray a = Checks.finiteMatrix("x1", x1);
        INDArray b = symmetric ? a : Checks.finiteMatrix("x2", x2);
        Checks.columns("x2", b, a.columns(), "the input dimension d of x1");
        int n1 = (int) a.rows();
        int n2 = (int) b.rows();
        double d = a.columns();
        double[] q1 = squaredNorms(a, d);
        double[] q2 = symmetric ? q1 : squaredNorms(b, d);
        // (x1 / d) x2^T: one dgemm into a fresh c-ordered result, read out with a single copy.
        INDArray gram = a.mul(1 / d).mmul(b.transpose());
        double[] k = (gram.ordering() == 'c' && !gram.isView() ? gram : gram.dup('c')).data().asDouble();
        if (symmetric) {
            // The diagonal from the same sums as q (a dgemm sums in another order): rho = 1 exactly there, where the
            // kernels have a square-root singularity in rho that would turn 1e-16 round-off into 1e-8 differences.
            for (int i = 0; i < n1; i++) {
                k[i * n1 + i] = q1[i];
            }
        }
        double[] theta = new double[k.length];
        // The diagonals K(x, x) entering every stage first (O(N) per layer); then each row runs through all layers
        // while it is in cache (entries are independent given the diagonals), rows spread over the cores.
        double[][] v1 = stageVariances(q1);
        double[][] v2 = symmetric ? v1 : stageVariances(q2);
        int stageCount = stages.size();
        forRows(n1, n2, symmetric, (i, from, to) -> {
            for (int s = 0; s < stageCount; s++) {
                Object stage = stages.get(s);
                if (stage instanceof Dense dense) {
                    double w2 = dense.wStd() * dense.wStd();
                    double b2 = dense.bStd() * dense.bStd();
                    for (int m = from; m < to; m++) {
                        k[m] = w2 * k[m] + b2;
                        theta[m] = w2 * theta[m] + k[m];
                    }
                } else {
                    ((GaussianExpectation) stage).apply(v1[s][i], v2[s], from - i * n2, k, from, to - from, theta);
                }
            }
        });
        if (symmetric) {
            mirror(k, n1);
            mirror(theta, n1);
        }
        return new KernelPair(toMatrix(k, n1, n2), toMatrix(theta, n1, n2));
    }

    /** Sigma^(L)(x_i, x_i) and Theta^(L)(x_i, x_i) alone, [N] each, in O(N) work. */
    public KernelPair diagonal(INDArray x) {
        INDArray a = Checks.finiteMatrix("x", x);
        double[] q = squaredNorms(a, a.columns());
        double[] t = new double[q.length];
        for (Object stage : stages) {
            step(stage, q, t);
        }
        return new KernelPair(Nd4j.createFromArray(q), Nd4j.createFromArray(t));
    }

    /** v[s] = K(x_i, x_i) entering stage s, from q = x.x / d. */
    private double[][] stageVariances(double[] q) {
        double[][] v = new double[stages.size()][];
        double[] cur = q.clone();
        double[] t = new double[q.length];
        for (int s = 0; s < stages.size(); s++) {
            v[s] = cur.clone();
            step(stages.get(s), cur, t);
        }
        return v;
    }

    /** One stage of the recursion on the diagonal: (q, t) = (K(x, x), Theta(x, x)) in place. */
    private static void step(Object stage, double[] q, double[] t) {
        if (stage instanceof Dense dense) {
            denseDiagonal(q, t, dense.wStd() * dense.wStd(), dense.bStd() * dense.bStd());
        } else {
            activationDiagonal((GaussianExpectation) stage, q, t);
        }
    }

    private static void denseDiagonal(double[] q, double[] t, double w2, double b2) {
        for (int i = 0; i < q.length; i++) {
            q[i] = w2 * q[i] + b2;
            t[i] = w2 * t[i] + q[i];
        }
    }

    private static void activationDiagonal(GaussianExpectation e, double[] q, double[] t) {
        for (int i = 0; i < q.length; i++) {
            double[] v = e.diagonal(q[i]);
            q[i] = v[0];
            t[i] *= v[1];
        }
    }

    private static double[] squaredNorms(INDArray x, double d) {
        double[] v = x.mul(x).sum(1).divi(d).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        return v;
    }

    /** Work on row i, flat entries [from, to). */
    private interface RowTask {
        void run(int i, int from, int to);
    }

    /** Runs the task over every row (only j &gt;= i when symmetric), rows spread over the common fork-join pool. */
    private static void forRows(int n1, int n2, boolean symmetric, RowTask task) {
        IntStream rows = IntStream.range(0, n1);
        if ((long) n1 * n2 > 4096) {
            rows = rows.parallel();
        }
        rows.forEach(i -> task.run(i, i * n2 + (symmetric ? i : 0), (i + 1) * n2));
    }

    /**
     * The row-major values as a float64 [rows, cols] INDArray: copied into ND4J's off-heap buffer in row blocks over
     * the cores (measured about 1.5x faster than the single-threaded {@code Nd4j.createFromArray} for 134 MB).
     */
    private static INDArray toMatrix(double[] v, int rows, int cols) {
        INDArray m = Nd4j.createUninitialized(DataType.DOUBLE, rows, cols);
        DoubleBuffer target = m.data().asNioDouble();
        final int block = Math.max(1, (1 << 16) / Math.max(1, cols));
        IntStream.range(0, (rows + block - 1) / block).parallel().forEach(b -> {
            int from = b * block * cols;
            int len = Math.min(rows - b * block, block) * cols;
            DoubleBuffer d = target.duplicate();
            d.position(from);
            d.put(v, from, len);
        });
        return m;
    }

    /** m[i, j] = m[j, i] for j &lt; i, in 64 x 64 tiles (cache-friendly), tile rows spread over the cores. */
    private static void mirror(double[] m, int n) {
        final int tile = 64;
        IntStream.range(0, (n + tile - 1) / tile).parallel().forEach(bi -> {
            int i0 = bi * tile;
            int i1 = Math.min(n, i0 + tile);
            for (int j0 = 0; j0 <= i0; j0 += tile) {
                for (int i = i0; i < i1; i++) {
                    int j1 = Math.min(Math.min(n, j0 + tile), i);
                    for (int j = j0; j < j1; j++) {
                        m[i * n + j] = m[j * n + i];
                    }
                }
            }
        });
    }
}
