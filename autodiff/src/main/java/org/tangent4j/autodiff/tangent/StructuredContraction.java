package org.tangent4j.autodiff.tangent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * p -&gt; (scalar multiplications) -&gt; q and q is either the right operand of a matrix multiply m = a q (a not
 * transposed; q may be) or one operand of an addition / bias-add m = h + q with q a vector broadcast over the rows.
 * From m the chain is followed forward while each variable has a single consumer that is a scalar multiplication
 * or an addition (both pass dF/dm on unchanged up to the factor), ending at the pre-activation z. With s the product
 * of all scalar factors, Delta^a = dF_a/dz (row i = point i's backprop signal, from one batched backward pass with
 * cotangent e_a in every row) and A the values of a:
 * <pre>
 *   matrix multiply: Theta_p((i, a), (j, b)) = s^2 (A_i . A_j) (Delta^a_i . Delta^b_j)
 *   bias:            Theta_p((i, a), (j, b)) = s^2            (Delta^a_i . Delta^b_j)
 * </pre>
 * Sites sharing z (a layer's weight and bias) share one product Delta Delta^T:
 * Theta_z = (Delta^a Delta^b^T) * (sum_W s_W^2 A_W A_W^T + sum_b s_b^2).
 * Row i of Delta is point i's own signal only if the graph never mixes examples; {@link #mixesExamples} checks it.
 */
final class StructuredContraction {

    /** Relative difference between batched and split evaluations above which the graph is taken to mix examples. */
    static final double MIXING_TOLERANCE = 1e-9;
    /** Rows used by the mixing probe. */
    static final int PROBE_ROWS = 6;

    private StructuredContraction() {
    }

    /**
     * How a structured parameter enters the graph.
     *
     * @param layerInput a's name for a matrix multiply, null for a bias
     * @param transposed whether q enters the multiply transposed
     */
    record Site(String parameter, String layerInput, boolean transposed, String preActivation, double scale) {
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

    private static SameDiffOp soleConsumer(SameDiff sd, String variable) {
        List<String> consumers = sd.getVariables().get(variable).getInputsForOp();
        return consumers == null || consumers.size() != 1 ? null : sd.getOps().get(consumers.get(0));
    }

    private static Site site(SameDiff sd, String parameter, long[] shape) {
        String cur = parameter;
        double scale = 1;
        while (true) {
            SameDiffOp op = soleConsumer(sd, cur);
            if (op == null) {
                return null;
            }
            DifferentialFunction fn = op.getOp();
            List<String> in = op.getInputsToOp();
            String out = op.getOutputsOfOp().get(0);
            if (fn instanceof ScalarMultiplication sm && in.size() == 1) {
                scale *= sm.getScalarValue().getDouble(0);
                cur = out;
            } else if (fn instanceof Mmul && in.size() == 2 && in.get(1).equals(cur) && !in.get(0).equals(cur)
                    && shape.length == 2 && !flag(fn, "transposeA") && !flag(fn, "transposeResult")) {
                return downstream(sd, new Site(parameter, in.get(0), flag(fn, "transposeB"), out, scale));
            } else if ((fn instanceof AddOp || fn instanceof BiasAdd) && in.size() == 2 && !in.get(0).equals(in.get(1))
                    && (shape.length == 1 || (shape.length == 2 && shape[0] == 1))
                    && (fn instanceof AddOp || in.get(1).equals(cur))) {
                return downstream(sd, new Site(parameter, null, false, out, scale));
            } else {
                return null;
            }
        }
    }

    /** Follows single-consumer scalar multiplications and additions from the site's output. */
    private static Site downstream(SameDiff sd, Site s) {
        String z = s.preActivation();
        double scale = s.scale();
        while (true) {
            SameDiffOp op = soleConsumer(sd, z);
            if (op == null) {
                break;
            }
            DifferentialFunction fn = op.getOp();
            List<String> in = op.getInputsToOp();
            if (fn instanceof ScalarMultiplication sm && in.size() == 1) {
                scale *= sm.getScalarValue().getDouble(0);
            } else if (!(fn instanceof AddOp && in.size() == 2 && !in.get(0).equals(in.get(1)))) {
                break;
            }
            z = op.getOutputsOfOp().get(0);
        }
        return new Site(s.parameter(), s.layerInput(), s.transposed(), z, scale);
    }

    private static boolean flag(DifferentialFunction fn, String name) {
        Object v = fn.propertiesForFunction().get(name);
        return v instanceof Boolean b && b;
    }

    /**
     * True if some op mixes the examples of a batch: f on the first {@value #PROBE_ROWS} rows of X differs from f on
     * its first third and the rest evaluated separately (an uneven split, so that repeated rows cannot hide batch
     * statistics). A graph that fails on the smaller batches counts as mixing.
     */
    static boolean mixesExamples(SameDiffRealization f, INDArray x) {
        int n = (int) Math.min(x.rows(), PROBE_ROWS);
        if (n < 2) {
            return false;
        }
        int h = Math.max(1, n / 3);
        INDArray joint = f.apply(rows(x, 0, n));
        INDArray split;
        try {
            split = Nd4j.vstack(f.apply(rows(x, 0, h)), f.apply(rows(x, h, n)));
        } catch (RuntimeException e) {
            return true;
        }
        double scale = Math.max(joint.norm2Number().doubleValue(), Double.MIN_NORMAL);
        return joint.sub(split).norm2Number().doubleValue() > MIXING_TOLERANCE * scale;
    }

    /**
     * Adds the structured contributions of the given sites to {@code full} [N1*k, N2*k]; returns the parameters whose
     * runtime shapes did not fit their pattern (they still need the Jacobian).
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
        Set<String> inputs = new LinkedHashSet<>();
        Set<String> preActivations = new LinkedHashSet<>();
        for (Site s : sites.values()) {
            if (!s.isBias() && !s.layerInput().equals(f.inputName())) {
                inputs.add(s.layerInput());
            }
            preActivations.add(s.preActivation());
        }
        Map<String, INDArray> values = Map.of();
        List<Map<String, INDArray>> deltas = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            INDArray v = Nd4j.zeros(DataType.DOUBLE, n, k);
            v.getColumn(a).assign(1.0);
            SameDiffRealization.Pass pass = f.pass(x, v, a == 0 ? inputs : Set.of(), preActivations);
            if (a == 0) {
                values = pass.values();
            }
            deltas.add(pass.gradients());
        }
        // per pre-activation z: M_z = sum_W s^2 A A^T (a matrix, or null) + sum_b s^2 (a number)
        List<String> rejected = new ArrayList<>();
        Map<String, INDArray> grams = new LinkedHashMap<>();
        Map<String, Double> biasWeights = new LinkedHashMap<>();
        Map<String, INDArray> inputGrams = new LinkedHashMap<>();
        for (Site s : sites.values()) {
            long[] shape = f.parameterShape(s.parameter());
            INDArray d0 = deltas.get(0).get(s.preActivation());
            double s2 = s.scale() * s.scale();
            boolean ok = false;
            if (d0 != null && d0.rank() == 2 && d0.rows() == n) {
                if (s.isBias()) {
                    ok = d0.columns() == shape[shape.length - 1];
                    if (ok) {
                        biasWeights.merge(s.preActivation(), s2, Double::sum);
                    }
                } else {
                    INDArray a = s.layerInput().equals(f.inputName()) ? x : values.get(s.layerInput());
                    long in = s.transposed() ? shape[1] : shape[0];
                    long out = s.transposed() ? shape[0] : shape[1];
                    ok = a != null && a.rank() == 2 && a.rows() == n && a.columns() == in && d0.columns() == out;
                    if (ok) {
                        INDArray g = inputGrams.computeIfAbsent(s.layerInput(),
                                key -> rows(a, 0, n1).mmul(rows(a, off2, off2 + n2).transpose()));
                        grams.merge(s.preActivation(), g.mul(s2), INDArray::addi);
                    }
                }
            }
            if (!ok) {
                rejected.add(s.parameter());
            }
        }
        Set<String> used = new LinkedHashSet<>(grams.keySet());
        used.addAll(biasWeights.keySet());
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                INDArray block = Nd4j.zeros(DataType.DOUBLE, n1, n2);
                for (String z : used) {
                    INDArray da = rows(deltas.get(a).get(z), 0, n1);
                    INDArray db = rows(deltas.get(b).get(z), off2, off2 + n2);
                    INDArray dd = da.mmul(db.transpose());
                    INDArray g = grams.get(z);
                    double c = biasWeights.getOrDefault(z, 0.0);
                    if (g != null) {
                        block.addi(c == 0 ? dd.mul(g) : g.add(c).muli(dd));
                    } else {
                        block.addi(dd.muli(c));
                    }
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
