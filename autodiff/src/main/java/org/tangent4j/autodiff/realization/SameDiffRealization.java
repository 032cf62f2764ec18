package org.tangent4j.autodiff.realization;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.autodiff.memory.SessionMemory;
import org.tangent4j.autodiff.memory.Temporaries;
import org.tangent4j.core.check.Checks;

/**
 * A {@link RealizationFunction} backed by any SameDiff graph: an input placeholder of shape [-1, d], an output
 * variable of shape [N, k] and a set of named trainable parameters (VARIABLE-type variables). No registry of
 * layers is involved: whatever the graph computes, its Jacobian comes from SameDiff's reverse mode.
 *
 * <p>Construction checks that the output depends on the input and on every parameter, then adds a placeholder {@value #COTANGENT} v of shape [-1, k] and the scalar loss
 * L = sum(f(X) * v), makes L the graph's only loss and builds the gradient function once (silently, see
 * {@link GradientFunctions}). Then dL/dtheta = (dF/dtheta)^T v: with X one row and v one-hot in output a this is one
 * row of the Jacobian, with v = the derivative of a cost it is the parameter gradient. The instance takes
 * ownership of the graph: do not change its structure or loss afterwards.
 *
 * <p>Parameters are read and written in place ({@link #setParameters}); the graph is never copied.
 *
 * <p>Thread-safety: every public method is {@code synchronized} on the instance (SameDiff's gradient path is not
 * thread-safe), so an instance can be shared but calls run one at a time. For parallel work give each thread
 * its own realization (e.g. built by the same factory and seed).
 */
public class SameDiffRealization implements RealizationFunction {

    /** Name of the cotangent placeholder v added to the graph. */
    public static final String COTANGENT = "tangent4j.cotangent";

    private final SameDiff sd;
    private final String input;
    private final String output;
    private final List<String> names;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, Long> offsets = new HashMap<>();
    private final int inputDim;
    private final int outputDim;
    private final long count;
    /** The graph's execution memory, freed at the end of every call ({@link SessionMemory}). */
    private final SessionMemory memory = new SessionMemory();

    /**
     * Wraps a graph; the parameters are all its VARIABLE-type variables, in the order the graph lists them.
     *
     * @param sd the graph (ownership passes to the realization)
     * @param input the name of the input placeholder, shape [-1, d]
     * @param output the name of the output variable, shape [N, k]
     * @throws IllegalArgumentException if a name is missing, the shapes are wrong, or a parameter does not
     *     affect the output
     */
    public static SameDiffRealization of(SameDiff sd, String input, String output) {
        return new SameDiffRealization(sd, input, output, trainableVariables(sd));
    }

    /** As {@link #of(SameDiff, String, String)} with an explicit list of parameter names (their theta order). */
    public static SameDiffRealization of(SameDiff sd, String input, String output, List<String> parameters) {
        return new SameDiffRealization(sd, input, output, parameters);
    }

    /** The VARIABLE-type variables of a graph, in the order the graph lists them. */
    public static List<String> trainableVariables(SameDiff sd) {
        List<String> out = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                out.add(v.name());
            }
        }
        return out;
    }

    protected SameDiffRealization(SameDiff sd, String input, String output, List<String> parameters) {
        Objects.requireNonNull(sd, "sd = null: expected a SameDiff graph");
        Objects.requireNonNull(input, "input = null: expected the name of the input placeholder");
        Objects.requireNonNull(output, "output = null: expected the name of the output variable");
        Objects.requireNonNull(parameters, "parameters = null: expected the names of the trainable variables");
        this.sd = sd;
        this.input = input;
        this.output = output;
        if (!sd.hasVariable(input)
                || sd.getVariable(input).getVariableType() != VariableType.PLACEHOLDER) {
            throw new IllegalArgumentException("input = '" + input + "': the graph has no placeholder of that name;"
                    + " its placeholders are " + placeholderNames(sd));
        }
        long[] inShape = sd.getVariable(input).getShape();
        if (inShape == null || inShape.length != 2 || inShape[1] <= 0) {
            throw new IllegalArgumentException("input placeholder '" + input + "' has shape " + Arrays.toString(inShape)
                    + ": expected [-1, d] with a fixed input dimension d");
        }
        this.inputDim = Math.toIntExact(inShape[1]);
        if (!sd.hasVariable(output)) {
            throw new IllegalArgumentException("output = '" + output + "': the graph has no variable of that name");
        }
        if (sd.hasVariable(COTANGENT)) {
            throw new IllegalArgumentException("the graph already has a variable '" + COTANGENT
                    + "': it is already owned by a SameDiffRealization (wrap each graph once)");
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("parameters = " + parameters + ": expected at least one trainable variable");
        }
        long total = 0;
        for (String name : parameters) {
            if (!sd.hasVariable(name) || sd.getVariable(name).getVariableType() != VariableType.VARIABLE) {
                throw new IllegalArgumentException("parameter '" + name + "' is not a trainable (VARIABLE) variable of"
                        + " the graph; its trainable variables are " + trainableVariables(sd));
            }
            INDArray arr = sd.getVariable(name).getArr();
            if (arr.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("parameter '" + name + "' has data type " + arr.dataType()
                        + ": expected DOUBLE (float64 throughout)");
            }
            if (shapes.put(name, arr.shape()) != null) {
                throw new IllegalArgumentException("parameter '" + name + "' is listed twice in " + parameters);
            }
            offsets.put(name, total);
            total += arr.length();
        }
        this.names = List.copyOf(parameters);
        this.count = total;

        INDArray probe = sd.output(Map.of(input, Nd4j.zeros(DataType.DOUBLE, 2, inputDim)), output).get(output);
        if (probe.rank() != 2 || probe.rows() != 2) {
            throw new IllegalArgumentException("output '" + output + "' has shape " + Arrays.toString(probe.shape())
                    + " for 2 input rows: expected [N, k] = [2, k]");
        }
        this.outputDim = Math.toIntExact(probe.columns());

        Set<String> ancestors = ancestors(sd, output);
        if (!ancestors.contains(input)) {
            throw new IllegalArgumentException("output '" + output + "' does not depend on the input placeholder '"
                    + input + "': expected f_theta(x) to be a function of x");
        }
        List<String> unused = new ArrayList<>();
        for (String name : names) {
            if (!ancestors.contains(name)) {
                unused.add(name);
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("parameters " + unused + " do not affect the output '" + output
                    + "' (no path in the graph): expected every parameter to influence f_theta;"
                    + " pass the parameter list explicitly to leave them out");
        }

        SDVariable v = sd.placeHolder(COTANGENT, DataType.DOUBLE, -1, outputDim);
        SDVariable loss = sd.getVariable(output).mul(v).sum();
        sd.setLossVariables(loss);
        GradientFunctions.build(sd);
    }

    /** Every variable the given one is computed from (itself included), by walking op inputs backwards. */
    static Set<String> ancestors(SameDiff sd, String variable) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(variable));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (!seen.add(v)) {
                continue;
            }
            String op = sd.getVariables().get(v).getOutputOfOp();
            if (op != null) {
                todo.addAll(sd.getOps().get(op).getInputsToOp());
            }
        }
        return seen;
    }

    private static List<String> placeholderNames(SameDiff sd) {
        List<String> out = new ArrayList<>();
        for (SDVariable v : sd.placeHolders()) {
            out.add(v.name());
        }
        return out;
    }

    @Override
    public int inputDim() {
        return inputDim;
    }

    @Override
    public int outputDim() {
        return outputDim;
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public long[] parameterShape(String name) {
        return requireParameter(name).clone();
    }

    @Override
    public long parameterCount() {
        return count;
    }

    /** The offset of a parameter's first entry in theta. */
    public long parameterOffset(String name) {
        requireParameter(name);
        return offsets.get(name);
    }

    /** The graph (read it; do not change its structure). */
    public SameDiff graph() {
        return sd;
    }

    /** The name of the input placeholder. */
    public String inputName() {
        return input;
    }

    /** The name of the output variable. */
    public String outputName() {
        return output;
    }

    @Override
    public synchronized INDArray parameter(String name) {
        requireParameter(name);
        return sd.getVariable(name).getArr().dup();
    }

    @Override
    public synchronized void setParameter(String name, INDArray value) {
        long[] shape = requireParameter(name);
        Objects.requireNonNull(value, "value = null: expected an array for parameter '" + name + "'");
        if (!Arrays.equals(value.shape(), shape)) {
            throw new IllegalArgumentException("value for parameter '" + name + "' has shape "
                    + Arrays.toString(value.shape()) + ": expected " + Arrays.toString(shape));
        }
        Checks.allFinite(name, value);
        sd.getVariable(name).getArr().assign(value);
    }

    @Override
    public synchronized INDArray parameters() {
        INDArray theta = Nd4j.create(DataType.DOUBLE, count);
        for (String name : names) {
            INDArray arr = sd.getVariable(name).getArr();
            long off = offsets.get(name);
            theta.get(NDArrayIndex.interval(off, off + arr.length())).assign(arr.ravel());
        }
        return theta;
    }

    @Override
    public synchronized void setParameters(INDArray theta) {
        Objects.requireNonNull(theta, "theta = null: expected a vector of length P = " + count);
        if (theta.length() != count || (theta.rank() != 1 && !theta.isVector())) {
            throw new IllegalArgumentException("theta has shape " + Arrays.toString(theta.shape())
                    + ": expected a vector of length P = " + count);
        }
        Checks.allFinite("theta", theta);
        INDArray flat = theta.ravel().castTo(DataType.DOUBLE);
        for (String name : names) {
            INDArray arr = sd.getVariable(name).getArr();
            long off = offsets.get(name);
            arr.assign(flat.get(NDArrayIndex.interval(off, off + arr.length())).reshape('c', arr.shape()));
        }
    }

    @Override
    public synchronized INDArray apply(INDArray x) {
        INDArray xs = checkInput("x", x);
        try (SessionMemory.Scope scope = memory.open(sd)) {
            return sd.output(Map.of(input, xs), output).get(output).dup();
        }
    }

    /**
     * Values and gradients of one forward-and-backward pass. The arrays are new copies made for the caller and handed
     * over (not copied again); the maps are unmodifiable.
     *
     * @param values forward values of the requested variables
     * @param gradients dL/dvariable for the requested variables, L = sum(f(X) * v)
     */
    public record Pass(Map<String, INDArray> values, Map<String, INDArray> gradients) {
        public Pass {
            values = Map.copyOf(values);
            gradients = Map.copyOf(gradients);
        }
    }

    /**
     * One forward and backward pass at X with cotangent v: forward values of some graph variables and the gradients
     * of L = sum(f(X) * v) with respect to others (parameters or intermediate activations on a path from a parameter
     * to the output). Returns copies.
     */
    public synchronized Pass pass(INDArray x, INDArray cotangent, Collection<String> values, Collection<String> gradientsOf) {
        INDArray xs = checkInput("x", x);
        INDArray v = checkCotangent(xs, cotangent);
        Map<String, INDArray> outs = new HashMap<>();
        Map<String, INDArray> grads = new HashMap<>();
        try (SessionMemory.Scope scope = memory.open(sd)) {
            var og = sd.calculateGradientsAndOutputs(Map.of(input, xs, COTANGENT, v), values, gradientsOf);
            if (og.getOutputs() != null) {
                og.getOutputs().forEach((n, a) -> outs.put(n, a.dup()));
            }
            og.getGradients().forEach((n, a) -> grads.put(n, a.dup()));
        }
        return new Pass(outs, grads);
    }

    /**
     * Gradients of L = sum(f(X) * v) with respect to any graph variables (parameters or intermediate activations
     * on a path from a parameter to the output).
     *
     * @param cotangent v, [N, k]
     * @return copies, keyed by variable name
     */
    public synchronized Map<String, INDArray> gradients(INDArray x, INDArray cotangent, Collection<String> variables) {
        INDArray xs = checkInput("x", x);
        INDArray v = checkCotangent(xs, cotangent);
        Map<String, INDArray> out = new HashMap<>();
        try (SessionMemory.Scope scope = memory.open(sd)) {
            sd.calculateGradients(Map.of(input, xs, COTANGENT, v), variables).forEach((n, a) -> out.put(n, a.dup()));
        }
        return out;
    }

    @Override
    public synchronized INDArray jacobian(INDArray x, List<String> parameters) {
        INDArray xs = checkInput("x", x);
        long cols = 0;
        for (String name : parameters) {
            cols += shapeLength(requireParameter(name));
        }
        int n = (int) xs.rows();
        INDArray jac = Nd4j.create(DataType.DOUBLE, (long) n * outputDim, cols);
        for (int i = 0; i < n; i++) {
            INDArray row = xs.getRow(i, true);
            for (int a = 0; a < outputDim; a++) {
                INDArray v = Nd4j.zeros(DataType.DOUBLE, 1, outputDim);
                v.putScalar(0, a, 1.0);
                INDArray target = jac.getRow((long) i * outputDim + a);
                try (SessionMemory.Scope scope = memory.open(sd)) {
                    Map<String, INDArray> g = sd.calculateGradients(Map.of(input, row, COTANGENT, v), parameters);
                    long off = 0;
                    for (String name : parameters) {
                        INDArray gi = g.get(name);
                        target.get(NDArrayIndex.interval(off, off + gi.length())).assign(gi.ravel());
                        off += gi.length();
                    }
                }
                Temporaries.release(v);
            }
        }
        return jac;
    }

    @Override
    public synchronized INDArray vjp(INDArray x, INDArray cotangent) {
        INDArray xs = checkInput("x", x);
        INDArray v = checkCotangent(xs, cotangent);
        INDArray out = Nd4j.create(DataType.DOUBLE, count);
        try (SessionMemory.Scope scope = memory.open(sd)) {
            Map<String, INDArray> g = sd.calculateGradients(Map.of(input, xs, COTANGENT, v), names);
            for (String name : names) {
                INDArray gi = g.get(name);
                long off = offsets.get(name);
                out.get(NDArrayIndex.interval(off, off + gi.length())).assign(gi.ravel());
            }
        }
        return out;
    }

    private long[] requireParameter(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is unknown: expected one of " + names);
        }
        return shape;
    }

    private static long shapeLength(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Checks X: finite, [N, d] with N &gt;= 1 and d = {@link #inputDim()}; returns it as float64. */
    protected INDArray checkInput(String name, INDArray x) {
        INDArray xs = Checks.finiteMatrix(name, x);
        Checks.columns(name, xs, inputDim, "the input dimension d of the realization");
        if (xs.rows() < 1) {
            throw new IllegalArgumentException(name + " has 0 rows: expected at least one point");
        }
        return xs;
    }

    private INDArray checkCotangent(INDArray xs, INDArray cotangent) {
        INDArray v = Checks.finiteMatrix("cotangent", cotangent);
        Checks.rows("cotangent", v, xs.rows(), "one row per point of x");
        Checks.columns("cotangent", v, outputDim, "the output dimension k");
        return v;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[d=" + inputDim + ", k=" + outputDim + ", P=" + count + ", parameters="
                + names + "]";
    }
}
