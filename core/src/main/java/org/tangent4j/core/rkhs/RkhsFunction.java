package org.tangent4j.core.rkhs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.linalg.Matrices;

/**
 * An element of the RKHS H_k in representer form f(.) = sum_{i=1}^n beta_i k(x_i, .), determined by the kernel k,
 * the centres X = [x_1; ...; x_n] ([n, d], rows are points) and the coefficients beta ([n]).
 *
 * <p>Immutable: the arrays are copied on the way in and on the way out. Two elements can be combined only when
 * they have equal kernels ({@code Kernel.equals}; the stock kernels are records, so equal parameters mean equal
 * kernels), i.e. when they live in the same space.
 */
public final class RkhsFunction {

    private final Kernel kernel;
    private final INDArray centres;
    private final INDArray coefficients;

    private RkhsFunction(Kernel kernel, INDArray centres, INDArray coefficients) {
        this.kernel = kernel;
        this.centres = centres;
        this.coefficients = coefficients;
    }

    /**
     * f = sum_i beta_i k(x_i, .).
     *
     * @param kernel k
     * @param centres X, [n, d] finite
     * @param coefficients beta, [n] (or [n, 1]) finite
     */
    public static RkhsFunction of(Kernel kernel, INDArray centres, INDArray coefficients) {
        Objects.requireNonNull(kernel, "kernel = null: expected a Kernel");
        INDArray x = Checks.finiteMatrix("centres", centres).dup('c');
        INDArray b = Matrices.vector("coefficients", coefficients, x.rows(), "one per row of centres");
        return new RkhsFunction(kernel, x, b);
    }

    /** The zero element written on the given centres (all beta_i = 0): a starting point for gradient descent. */
    public static RkhsFunction zero(Kernel kernel, INDArray centres) {
        INDArray x = Checks.finiteMatrix("centres", centres);
        return of(kernel, x, Nd4j.zeros(DataType.DOUBLE, x.rows()));
    }

    /**
     * The representer of evaluation at x: k(x, .), the element with &lt;f, k(x, .)&gt; = f(x) for every f.
     *
     * @param point x, length d
     */
    public static RkhsFunction representer(Kernel kernel, double... point) {
        Objects.requireNonNull(point, "point = null: expected a point of length d >= 1");
        if (point.length == 0) {
            throw new IllegalArgumentException("point = " + Arrays.toString(point) + ": expected a point of length d >= 1");
        }
        return of(kernel, Nd4j.createFromArray(new double[][] {point.clone()}), Nd4j.ones(DataType.DOUBLE, 1));
    }

    /** k. */
    public Kernel kernel() {
        return kernel;
    }

    /** X, [n, d] (a copy). */
    public INDArray centres() {
        return centres.dup();
    }

    /** beta, [n] (a copy). */
    public INDArray coefficients() {
        return coefficients.dup();
    }

    /** n, the number of centres. */
    public int size() {
        return (int) centres.rows();
    }

    /** d, the input dimension. */
    public int dimension() {
        return (int) centres.columns();
    }

    /**
     * f at the rows of x: f(x_j) = sum_i beta_i k(x_i, x_j) = (K(x, X) beta)_j.
     *
     * @param x [N, d]
     * @return [N]
     */
    public INDArray apply(INDArray x) {
        INDArray m = Checks.finiteMatrix("x", x);
        Checks.columns("x", m, dimension(), "the input dimension d of f");
        INDArray k = kernel.gram(m, centres);
        return k.mmul(coefficients.reshape(size(), 1)).reshape(k.rows());
    }

    /** f(x) at one point. */
    public double value(double... point) {
        Objects.requireNonNull(point, "point = null: expected a point of length d = " + dimension());
        if (point.length != dimension()) {
            throw new IllegalArgumentException("point = " + Arrays.toString(point) + ": expected a point of length d = "
                    + dimension());
        }
        return apply(Nd4j.createFromArray(new double[][] {point})).getDouble(0);
    }

    /**
     * f + g. Equal centres (same rows in the same order) add their coefficients; otherwise the centres are
     * concatenated, [X_f; X_g], with coefficients [alpha; beta] (use {@link #merged()} to combine repeats).
     */
    public RkhsFunction plus(RkhsFunction g) {
        sameSpace("g", g);
        if (sameCentres(g)) {
            return new RkhsFunction(kernel, centres, coefficients.add(g.coefficients));
        }
        return new RkhsFunction(kernel, Nd4j.concat(0, centres, g.centres),
                Nd4j.concat(0, coefficients, g.coefficients));
    }

    /** f - g = f + (-1) g. */
    public RkhsFunction minus(RkhsFunction g) {
        return plus(g.times(-1));
    }

    /** s f = sum_i (s beta_i) k(x_i, .). */
    public RkhsFunction times(double s) {
        Checks.finite("s", s);
        return new RkhsFunction(kernel, centres, coefficients.mul(s));
    }

    /** &lt;f, g&gt; = sum_i sum_j alpha_i beta_j k(x_i, x'_j) = alpha^T K(X_f, X_g) beta. */
    public double inner(RkhsFunction g) {
        sameSpace("g", g);
        INDArray kb = kernel.gram(centres, g.centres).mmul(g.coefficients.reshape(g.size(), 1));
        return coefficients.reshape(1, size()).mmul(kb).getDouble(0);
    }

    /** ||f||^2 = &lt;f, f&gt; = beta^T K beta, as computed (round-off can leave it slightly negative when f ~ 0). */
    public double squaredNorm() {
        return inner(this);
    }

    /** ||f|| = sqrt(beta^T K beta); a round-off negative beta^T K beta (|value| ~ 1e-16 ||beta||^2 ||K||) gives 0. */
    public double norm() {
        return Math.sqrt(Math.max(0, squaredNorm()));
    }

    /**
     * The same function with identical centres (equal rows; -0.0 and 0.0 count as equal) combined into one,
     * coefficients summed, in order of first appearance. The representation stops growing under repeated sums.
     */
    public RkhsFunction merged() {
        double[][] x = rows(centres);
        double[] b = coefficients.toDoubleVector();
        Map<Row, Integer> index = new LinkedHashMap<>();
        double[] sum = new double[b.length];
        for (int i = 0; i < x.length; i++) {
            Integer at = index.putIfAbsent(new Row(x[i]), index.size());
            sum[at == null ? index.size() - 1 : at] += b[i];
        }
        if (index.size() == x.length) {
            return this;
        }
        double[][] keptX = new double[index.size()][];
        index.forEach((row, i) -> keptX[i] = row.values);
        return new RkhsFunction(kernel, Nd4j.createFromArray(keptX),
                Nd4j.createFromArray(Arrays.copyOf(sum, index.size())));
    }

    /**
     * The same function written on a given set of centres Z (rows), each centre of f matched to an identical row of
     * Z (after {@link #merged()}, so cancelling terms vanish); centres of Z that f does not use get coefficient 0. Functional gradient descent uses this to keep a fixed
     * representation.
     *
     * @throws IllegalArgumentException if a centre of f with a non-zero coefficient is not a row of Z
     */
    public RkhsFunction onCentres(INDArray z) {
        INDArray zm = Checks.finiteMatrix("centres", z);
        Checks.columns("centres", zm, dimension(), "the input dimension d of f");
        double[][] rows = rows(zm);
        Map<Row, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i++) {
            index.putIfAbsent(new Row(rows[i]), i);
        }
        RkhsFunction m = merged();
        double[][] x = rows(m.centres);
        double[] b = m.coefficients.toDoubleVector();
        double[] out = new double[rows.length];
        for (int i = 0; i < x.length; i++) {
            Integer at = index.get(new Row(x[i]));
            if (at == null) {
                if (b[i] != 0) {
                    throw new IllegalArgumentException("centre " + Arrays.toString(x[i]) + " (coefficient " + b[i]
                            + ") is not a row of centres (" + rows.length + " rows): expected every centre of f among them");
                }
                continue;
            }
            out[at] += b[i];
        }
        return new RkhsFunction(kernel, zm.dup('c'), Nd4j.createFromArray(out));
    }

    /** The rows of a matrix as Java arrays (INDArray.toDoubleMatrix costs ~0.6 ms even for 20 x 20). */
    private static double[][] rows(INDArray m) {
        int n = (int) m.rows();
        int d = (int) m.columns();
        double[] flat = m.dup('c').data().asDouble();
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }

    /** Exactly the same centres in the same order (INDArray.equals would allow a tolerance of 1e-5). */
    private boolean sameCentres(RkhsFunction g) {
        return centres == g.centres || (centres.equalShapes(g.centres)
                && Arrays.equals(centres.data().asDouble(), g.centres.data().asDouble()));
    }

    private void sameSpace(String name, RkhsFunction g) {
        Objects.requireNonNull(g, name + " = null: expected an element of the same RKHS");
        if (!kernel.equals(g.kernel)) {
            throw new IllegalArgumentException(name + " has kernel " + g.kernel + " but this function has kernel " + kernel
                    + ": expected the same kernel (the same RKHS)");
        }
        if (g.dimension() != dimension()) {
            throw new IllegalArgumentException(name + " has input dimension " + g.dimension() + " but this function has "
                    + dimension() + ": expected the same d");
        }
    }

    @Override
    public String toString() {
        return "RkhsFunction[kernel=" + kernel + ", n=" + size() + ", d=" + dimension() + "]";
    }

    /** A row of doubles compared exactly (after mapping -0.0 to 0.0), for merging identical centres. */
    private record Row(double[] values) {
        Row {
            values = values.clone();
            for (int i = 0; i < values.length; i++) {
                values[i] += 0.0;
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && Arrays.equals(values, r.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }
}
