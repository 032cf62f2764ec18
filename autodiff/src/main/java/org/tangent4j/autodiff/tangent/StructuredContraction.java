package org.tangent4j.autodiff.tangent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BiasAdd;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.autodiff.realization.SameDiffRealization;

/**
 * The layer-wise ("structured") tangent kernel of a SameDiff realization.
 *
 * <p>Graph analysis: a parameter p is <i>structured</i> if it has exactly one consumer chain
 * p -&gt; (scalar multiplications by s_1, s_2, ...) -&gt; q and q is either the right operand of a matrix multiply
 * z = a q (a not transposed; q may be) or one operand of an addition z = h + q / bias-add with q a vector broadcast
 * over the rows of z. With s = prod s_i, Delta = dF_a/dz (row i = point i's backprop signal, from one batched backward
 * pass with cotangent v = e_a in every row) and A the values of a:
 * <pre>
 *   matrix multiply: Theta_p((i, a), (j, b)) = s^2 (A_i . A_j) (Delta^a_i . Delta^b_j)
 *   bias:            Theta_p((i, a), (j, b)) = s^2            (Delta^a_i . Delta^b_j)
 * </pre>
 * Row i of Delta is point i's own signal only if the graph never mixes examples; this is checked by evaluating
 * f on the joint batch and, separately, on its first third and on the other rows.
 */
final class StructuredContraction {

    /** Relative difference between batched and split evaluations above which the graph is taken to mix examples. */
    static final double MIXING_TOLERANCE = 1e-9;

    private StructuredContraction() {
    }

    /** How a structured parameter enters the graph. */
    record Site(String parameter, String layerInput, String preActivation, double scale) {
        boolean isBias() {
            return layerInput == null;
        }
    }

    /** The structured sites of the graph (parameters not listed here need the Jacobian). */
    static Map<String, Site> analyse(SameDiffRealization f) {
        SameDiff sd = f.graph();
        Map<String, Site> sites = new LinkedHashMap<>();
        for (String p : f.parameterNames()) {
            Site s = site(sd, p, f.parameterShape(p));
            if (s != null) {
                sites.put(p, s);
            }
        }
        return sites;
    }

    private static Site site(SameDiff sd, String parameter, long[] shape) {
        String cur = parameter;
        double scale = 1;
        while (true) {
            List<String> consumers = sd.getVariables().get(cur).getInputsForOp();
            if (consumers == null || consumers.size() != 1) {
                return null;
            }
            SameDiffOp op = sd.getOps().get(consumers.get(0));
            DifferentialFunction fn = op.getOp();
            List<String> in = op.getInputsToOp();
            String out = op.getOutputsOfOp().get(0);
            if (fn instanceof ScalarMultiplication sm && in.size() == 1) {
                scale *= sm.getScalarValue().getDouble(0);
                cur = out;
            } else if (fn instanceof Mmul && in.size() == 2 && in.get(1).equals(cur) && !in.get(0).equals(cur)
                    && shape.length == 2 && !flag(fn, "transposeA") && !flag(fn, "transposeResult")) {
                return new Site(parameter, in.get(0), out, scale);
            } else if ((fn instanceof AddOp || fn instanceof BiasAdd) && in.size() == 2 && !in.get(0).equals(in.get(1))
                    && (shape.length == 1 || (shape.length == 2 && shape[0] == 1))
                    && (fn instanceof AddOp || in.get(1).equals(cur))) {
                return new Site(parameter, null, out, scale);
            } else {
                return null;
            }
        }
    }

    private static boolean flag(DifferentialFunction fn, String name) {
        Object v = fn.propertiesForFunction().get(name);
        return v instanceof Boolean b && b;
    }

    /** True if f(X) differs from evaluating its first third and the remaining rows separately (an op mixes examples). */
    static boolean mixesExamples(SameDiffRealization f, INDArray x) {
        int n = (int) x.rows();
        if (n < 2) {
            return false;
        }
        // an uneven split: with X1 = X2 the halves of [X1; X2] would be equal batches and hide batch statistics
        int h = Math.max(1, n / 3);
        INDArray joint = f.apply(x);
        INDArray split;
        try {
            split = Nd4j.vstack(f.apply(rows(x, 0, h)), f.apply(rows(x, h, n)));
        } catch (RuntimeException e) {
            // a graph that cannot run on a smaller batch is treated as batch-dependent
            return true;
        }
        double scale = Math.max(joint.norm2Number().doubleValue(), Double.MIN_NORMAL);
        return joint.sub(split).norm2Number().doubleValue() > MIXING_TOLERANCE * scale;
    }

    /**
     * Adds the structured contributions of the given sites to {@code full} [N1*k, N2*k]; returns the sites whose
     * runtime shapes did not fit the pattern (their parameters still need the Jacobian).
     */
    static List<String> contract(SameDiffRealization f, INDArray x1, INDArray x2, Map<String, Site> sites, INDArray full) {
        if (sites.isEmpty()) {
            return List.of();
        }
        int k = f.outputDim();
        int n1 = (int) x1.rows();
        int n2 = (int) x2.rows();
        // X1 = X2 (the same array): one pass over X, both sides read the same rows
        boolean symmetric = x1 == x2;
        INDArray x = symmetric ? x1 : Nd4j.vstack(x1, x2);
        int n = symmetric ? n1 : n1 + n2;
        int off2 = symmetric ? 0 : n1;
        Set<String> inputs = new HashSet<>();
        Set<String> preActivations = new HashSet<>();
        for (Site s : sites.values()) {
            if (!s.isBias() && !s.layerInput().equals(f.inputName())) {
                inputs.add(s.layerInput());
            }
            preActivations.add(s.preActivation());
        }
        Map<String, INDArray> values = inputs.isEmpty() ? Map.of() : f.values(x, inputs);
        List<Map<String, INDArray>> deltas = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            INDArray v = Nd4j.zeros(DataType.DOUBLE, n, k);
            v.getColumn(a).assign(1.0);
            deltas.add(f.gradients(x, v, preActivations));
        }
        List<String> rejected = new ArrayList<>();
        Map<String, INDArray> inputGrams = new LinkedHashMap<>();
        Map<Site, INDArray> accepted = new LinkedHashMap<>();
        for (Site s : sites.values()) {
            long[] shape = f.parameterShape(s.parameter());
            INDArray d0 = deltas.get(0).get(s.preActivation());
            boolean ok = d0.rank() == 2 && d0.rows() == n;
            INDArray gram = null;
            if (ok && s.isBias()) {
                ok = d0.columns() == shape[shape.length - 1];
            } else if (ok) {
                INDArray a = s.layerInput().equals(f.inputName()) ? x : values.get(s.layerInput());
                ok = a.rank() == 2 && a.rows() == n && a.columns() * d0.columns() == shape[0] * shape[1];
                if (ok) {
                    gram = inputGrams.computeIfAbsent(s.layerInput(), key -> rows(a, 0, n1).mmul(rows(a, off2, n).transpose()));
                }
            }
            if (ok) {
                accepted.put(s, gram);
            } else {
                rejected.add(s.parameter());
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                INDArray block = Nd4j.zeros(DataType.DOUBLE, n1, n2);
                for (Map.Entry<Site, INDArray> e : accepted.entrySet()) {
                    Site s = e.getKey();
                    INDArray da = rows(deltas.get(a).get(s.preActivation()), 0, n1);
                    INDArray db = rows(deltas.get(b).get(s.preActivation()), off2, n);
                    INDArray term = da.mmul(db.transpose());
                    if (e.getValue() != null) {
                        term.muli(e.getValue());
                    }
                    block.addi(term.muli(s.scale() * s.scale()));
                }
                full.get(NDArrayIndex.interval(a, k, (long) n1 * k), NDArrayIndex.interval(b, k, (long) n2 * k)).addi(block);
            }
        }
        return rejected;
    }

    private static INDArray rows(INDArray x, int start, int end) {
        return x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
    }
}
