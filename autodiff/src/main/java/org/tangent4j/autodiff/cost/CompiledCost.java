package org.tangent4j.autodiff.cost;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.memory.SessionMemory;
import org.tangent4j.autodiff.memory.Temporaries;
import org.tangent4j.autodiff.realization.GradientFunctions;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.core.check.Checks;

/**
 * A {@link CostFunctional} built once into its own small SameDiff graph (placeholders f and y of shape [-1, k]),
 * with everything derived from it by automatic differentiation:
 * <pre>
 * value      C(f)
 * dual       d(x_i) = N dC/df(x_i)                so that dC = &lt;d, df&gt;_p_in = (1/N) sum_i d(x_i)^T df(x_i)
 * gradient   dC(F(theta))/dtheta = (1/N) sum_i J(x_i)^T d(x_i)      (chain rule; one vector-Jacobian product)
 * kernel     (1/N) sum_j Theta(x, x_j) d(x_j)      (the kernel gradient, the direction f moves under gradient flow)
 * </pre>
 * Thread-safety: calls are {@code synchronized} (SameDiff's gradient path is not thread-safe).
 */
public final class CompiledCost {

    private static final String F = "f";
    private static final String Y = "y";

    private final SameDiff sd;
    private final String cost;
    private final int outputs;
    private final CostFunctional definition;
    /** The graph's execution memory, freed at the end of every call. */
    private final SessionMemory memory = new SessionMemory();

    private CompiledCost(SameDiff sd, String cost, int outputs, CostFunctional definition) {
        this.sd = sd;
        this.cost = cost;
        this.outputs = outputs;
        this.definition = definition;
    }

    /** The cost as written. */
    public CostFunctional definition() {
        return definition;
    }

    /**
     * Builds the cost for k outputs per point.
     *
     * @throws IllegalArgumentException if the expression is not a scalar (the message gives its shape)
     */
    public static CompiledCost of(CostFunctional c, int outputs) {
        Objects.requireNonNull(c, "cost = null: expected a CostFunctional");
        Checks.positive("outputs", outputs);
        SameDiff sd = SameDiff.create();
        SDVariable f = sd.placeHolder(F, DataType.DOUBLE, -1, outputs);
        SDVariable y = sd.placeHolder(Y, DataType.DOUBLE, -1, outputs);
        SDVariable value = c.define(sd, f, y);
        Objects.requireNonNull(value, "cost expression = null: expected define(...) to return a scalar SDVariable");
        // Probe with three points: a cost that is not a scalar is rejected here, with its shape.
        INDArray probe = Nd4j.zeros(DataType.DOUBLE, 3, outputs);
        INDArray v = sd.output(Map.of(F, probe, Y, probe), value.name()).get(value.name());
        if (v.length() != 1) {
            throw new IllegalArgumentException("cost has shape " + Arrays.toString(v.shape())
                    + " for 3 points: expected a scalar (reduce it, e.g. with .sum() or .mean())");
        }
        sd.setLossVariables(value.name());
        GradientFunctions.build(sd, F);
        return new CompiledCost(sd, value.name(), outputs, c);
    }

    /** k, the outputs per point. */
    public int outputs() {
        return outputs;
    }

    /** C(f) for outputs f and targets y, both [N, k]. */
    public synchronized double value(INDArray f, INDArray y) {
        Map<String, INDArray> ph = placeholders(f, y);
        try (SessionMemory.Scope scope = memory.open(sd)) {
            return sd.output(ph, cost).get(cost).getDouble(0);
        }
    }

    /**
     * The value and the dual at one point of function space, from one SameDiff call. Immutable: the dual ([N, k]) is
     * copied on the way in and on the way out.
     *
     * @param value C(f)
     * @param dual d = N dC/df, [N, k]
     */
    public record Evaluation(double value, INDArray dual) {
        public Evaluation {
            dual = Objects.requireNonNull(dual, "dual").dup();
        }

        /** d (a copy). */
        @Override
        public INDArray dual() {
            return dual.dup();
        }
    }

    /** C(f) and d = N dC/df together (one forward-and-backward pass of the cost graph). */
    public synchronized Evaluation evaluate(INDArray f, INDArray y) {
        Map<String, INDArray> ph = placeholders(f, y);
        try (SessionMemory.Scope scope = memory.open(sd); Temporaries tmp = new Temporaries()) {
            var og = sd.calculateGradientsAndOutputs(ph, List.of(cost), List.of(F));
            INDArray dual = tmp.add(scaledDual(og.getGradients().get(F), f.rows()));
            return new Evaluation(og.getOutputs().get(cost).getDouble(0), dual);
        }
    }

    /** The dual d = N dC/df, [N, k]. */
    public synchronized INDArray dual(INDArray f, INDArray y) {
        Map<String, INDArray> ph = placeholders(f, y);
        try (SessionMemory.Scope scope = memory.open(sd)) {
            return scaledDual(sd.calculateGradients(ph, List.of(F)).get(F), f.rows());
        }
    }

    /** N g as a new float64 array. */
    private static INDArray scaledDual(INDArray g, long n) {
        return g.dataType() == DataType.DOUBLE ? g.mul(n) : g.castTo(DataType.DOUBLE).muli(n);
    }

    /**
     * dC(F(theta))/dtheta at the points X, by the chain rule (1/N) sum_i J(x_i)^T d(x_i): one vector-Jacobian
     * product with cotangent d / N, never the Jacobian. A vector of length P laid out like theta.
     */
    public INDArray parameterGradient(RealizationFunction net, INDArray x, INDArray y) {
        try (Temporaries tmp = new Temporaries()) {
            INDArray f = tmp.add(net.apply(x));
            INDArray d = tmp.add(dual(f, y));
            return net.vjp(x, d.divi(x.rows()));
        }
    }

    /**
     * The kernel gradient (1/N) sum_j Theta(x, x_j) d(x_j) at the points x, given the full tangent kernel
     * Theta(x, X) ([M k, N k], rows i*k + a) and the dual at X ([N, k]). Returns [M, k].
     */
    public INDArray kernelGradient(INDArray fullKernel, INDArray dual) {
        int n = (int) dual.rows();
        Checks.columns("fullKernel", fullKernel, (long) n * outputs, "N k, the flattened training outputs");
        INDArray g = fullKernel.mmul(dual.reshape((long) n * outputs, 1)).divi(n);
        return g.reshape(fullKernel.rows() / outputs, outputs);
    }

    private Map<String, INDArray> placeholders(INDArray f, INDArray y) {
        INDArray fm = Checks.finiteMatrix("f", f);
        INDArray ym = Checks.finiteMatrix("y", y);
        Checks.columns("f", fm, outputs, "the cost's outputs per point k");
        if (!Arrays.equals(fm.shape(), ym.shape())) {
            throw new IllegalArgumentException("y has shape " + Arrays.toString(ym.shape()) + " but f has shape "
                    + Arrays.toString(fm.shape()) + ": expected the same [N, k]");
        }
        return Map.of(F, fm, Y, ym);
    }
}
