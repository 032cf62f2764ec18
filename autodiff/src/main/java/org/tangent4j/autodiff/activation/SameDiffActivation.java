package org.tangent4j.autodiff.activation;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.memory.SessionMemory;
import org.tangent4j.autodiff.realization.GradientFunctions;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.CustomActivation;
import org.tangent4j.core.arch.PiecewiseLinear;
import org.tangent4j.core.arch.ScaledErf;
import org.tangent4j.core.arch.SmoothActivation;

/**
 * An activation written once as a SameDiff expression u -&gt; sigma(u) (elementwise), usable in two places:
 * in a finite network's graph ({@link #apply(SDVariable)}) and, as a core {@link Activation}, in the
 * infinite-width kernels of {@code core.limits}, with sigma(u) and sigma'(u) evaluated by SameDiff
 * (the derivative by reverse-mode autodiff of sum_i sigma(u_i), which is sigma'(u_i) per entry because sigma acts
 * elementwise).
 *
 * <p>Scalar calls cost one graph execution each (about a millisecond); the vectorised {@link #values} and
 * {@link #derivatives}, which {@code core.limits}' Hermite series uses (all nodes of all points of a layer in one
 * call), cost one execution for any number of points. Thread-safety: evaluation is {@code synchronized} on the instance.
 */
public final class SameDiffActivation implements Activation {

    private static final String U = "u";
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);

    private final String id;
    private final UnaryOperator<SDVariable> expression;
    /** The stock activation this one is the SameDiff form of, or null for a user's expression. */
    private final Activation source;
    private SameDiff evaluator;
    private String valueName;
    private final SessionMemory memory = new SessionMemory();

    private SameDiffActivation(String id, UnaryOperator<SDVariable> expression, Activation source) {
        this.id = Objects.requireNonNull(id, "id = null: expected a name");
        this.expression = Objects.requireNonNull(expression, "expression = null: expected u -> sigma(u)");
        this.source = source;
    }

    /**
     * A user's activation.
     *
     * @param id a name for messages and files
     * @param expression an elementwise SameDiff expression u -&gt; sigma(u) (the result has u's shape)
     */
    public static SameDiffActivation of(String id, UnaryOperator<SDVariable> expression) {
        return new SameDiffActivation(id, expression, null);
    }

    /**
     * The SameDiff form of a stock core activation (or the activation itself if it already is one):
     * PiecewiseLinear a min(u,0) + b max(u,0) as relu / abs / identity or b relu(u) - a relu(-u) (leaky ReLU
     * too: SameDiff's leakyRelu rounds its slope to float32);
     * ScaledErf a erf(b u) + c; tanh, sigmoid, exact GELU u (1 + erf(u / sqrt 2)) / 2, sin, softplus.
     *
     * @throws IllegalArgumentException for a {@link CustomActivation} (Java functions cannot enter a graph)
     */
    public static SameDiffActivation of(Activation activation) {
        Objects.requireNonNull(activation, "activation = null: expected an Activation");
        if (activation instanceof SameDiffActivation s) {
            return s;
        }
        return new SameDiffActivation(activation.id(), expressionOf(activation), activation);
    }

    /** The graph operation of any supported activation (see {@link #of(Activation)}). */
    public static UnaryOperator<SDVariable> expressionOf(Activation activation) {
        Objects.requireNonNull(activation, "activation");
        if (activation instanceof SameDiffActivation s) {
            return s.expression;
        }
        if (activation instanceof PiecewiseLinear p) {
            double a = p.negativeSlope();
            double b = p.positiveSlope();
            if (a == 1 && b == 1) {
                return u -> u;
            }
            if (a == 0 && b == 1) {
                return u -> u.getSameDiff().nn.relu(u, 0);
            }
            if (a == -1 && b == 1) {
                return u -> u.getSameDiff().math.abs(u);
            }
            // not nn.leakyRelu: libnd4j keeps its slope as float32 (0.1 becomes 0.10000000149)
            return u -> u.getSameDiff().nn.relu(u, 0).mul(b).sub(u.getSameDiff().nn.relu(u.neg(), 0).mul(a));
        }
        if (activation instanceof ScaledErf e) {
            return u -> u.getSameDiff().math.erf(u.mul(e.slope())).mul(e.scale()).add(e.shift());
        }
        if (activation instanceof SmoothActivation s) {
            switch (s) {
                case TANH: return u -> u.getSameDiff().math.tanh(u);
                case SIGMOID: return u -> u.getSameDiff().nn.sigmoid(u);
                case GELU: return u -> u.mul(0.5).mul(u.getSameDiff().math.erf(u.mul(INV_SQRT2)).add(1.0));
                case SIN: return u -> u.getSameDiff().math.sin(u);
                case SOFTPLUS: return u -> u.getSameDiff().nn.softplus(u);
                default: break;
            }
        }
        throw new IllegalArgumentException("activation '" + activation.id() + "' (" + activation.getClass().getSimpleName()
                + ") has no SameDiff form: expected a stock activation or a SameDiffActivation written as a SameDiff"
                + " expression");
    }

    /** sigma applied to a graph variable. */
    public SDVariable apply(SDVariable u) {
        return expression.apply(u);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public double value(double u) {
        return values(new double[] {u})[0];
    }

    @Override
    public double derivative(double u) {
        return derivatives(new double[] {u})[0];
    }

    /** sigma(u_i) for every entry, in one graph execution. */
    @Override
    public synchronized double[] values(double[] u) {
        INDArray in = Nd4j.createFromArray(u.clone());
        SameDiff sd = evaluator();
        try (SessionMemory.Scope scope = memory.open(sd)) {
            return checkShape(sd.output(Map.of(U, in), valueName).get(valueName), u.length).dup().data().asDouble();
        }
    }

    /** sigma'(u_i) for every entry, by reverse-mode autodiff, in one graph execution. */
    @Override
    public synchronized double[] derivatives(double[] u) {
        INDArray in = Nd4j.createFromArray(u.clone());
        SameDiff sd = evaluator();
        try (SessionMemory.Scope scope = memory.open(sd)) {
            return checkShape(sd.calculateGradients(Map.of(U, in), U).get(U), u.length).dup().data().asDouble();
        }
    }

    private INDArray checkShape(INDArray out, int n) {
        if (out.length() != n) {
            throw new IllegalArgumentException("activation '" + id + "' mapped " + n + " inputs to shape "
                    + Arrays.toString(out.shape()) + ": expected an elementwise expression");
        }
        return out;
    }

    private SameDiff evaluator() {
        if (evaluator == null) {
            SameDiff sd = SameDiff.create();
            SDVariable u = sd.placeHolder(U, DataType.DOUBLE, -1);
            // u.mul(1.0) keeps the value an op output even for the identity
            SDVariable y = expression.apply(u).mul(1.0);
            sd.setLossVariables(y.sum());
            GradientFunctions.build(sd, U);
            valueName = y.name();
            evaluator = sd;
        }
        return evaluator;
    }

    /**
     * Equal when both are the SameDiff form of equal stock activations, or both are the same user expression (the
     * same function object) under the same name: two separately written lambdas cannot be compared and are unequal.
     * So the infinite-width kernels of stacks using equal activations are equal kernels.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SameDiffActivation a)) {
            return false;
        }
        return source != null ? source.equals(a.source) : a.source == null && expression == a.expression && id.equals(a.id);
    }

    @Override
    public int hashCode() {
        return source != null ? source.hashCode() : 31 * id.hashCode() + System.identityHashCode(expression);
    }

    @Override
    public String toString() {
        return id;
    }
}
