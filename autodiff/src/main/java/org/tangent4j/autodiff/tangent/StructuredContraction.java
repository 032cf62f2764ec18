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
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv1D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.autodiff.memory.Temporaries;
import org.tangent4j.autodiff.realization.SameDiffRealization;

/**
 * The layer-wise ("structured") tangent kernel of a SameDiff realization.
 *
 * <p>Graph analysis: a parameter p is <i>structured</i> if it has exactly one consumer chain
 * p -&gt; (scalar multiplications) -&gt; q and q is the right operand of a matrix multiply m = a q (a not transposed;
 * q may be), the weights of a convolution m = conv(a, q) ({@code conv2d}, {@code conv1d}), or a vector added to m
 * (add, bias-add, or a convolution's bias input), broadcast over the rows and positions. From m the chain is followed
 * forward while each variable has a single consumer that is a scalar multiplication or an addition (both pass dF/dm
 * on unchanged up to the factor), ending at the pre-activation z. With s the product of all scalar factors,
 * Delta^a = dF_a/dz (row i = point i's backprop signal, from one batched backward pass with cotangent e_a in every
 * row), A the values of a and P_i(p) the input patch read by output position p:
 * <pre>
 *   matrix multiply: Theta_p((i, a), (j, b)) = s^2 (A_i . A_j) (Delta^a_i . Delta^b_j)
 *   bias:            Theta_p((i, a), (j, b)) = s^2 (sum_p Delta^a_i(p)) . (sum_p Delta^b_j(p))
 *   convolution:     Theta_p((i, a), (j, b)) = s^2 sum_{p, p'} (P_i(p) . P_j(p')) (Delta^a_i(p) . Delta^b_j(p'))
 *                                            = s^2 &lt;G^a_i, G^b_j&gt;_F,  G^a_i = sum_p P_i(p)^T Delta^a_i(p)
 * </pre>
 * Matrix-multiply sites sharing z with dense biases share one product Delta Delta^T:
 * Theta_z = (Delta^a Delta^b^T) * (sum_W s_W^2 A_W A_W^T + sum_b s_b^2). A convolution takes the cheaper of its two
 * forms by an operation count ({@link Contraction#CONVOLUTION_WEIGHT_GRADIENTS},
 * {@link Contraction#CONVOLUTION_POSITION_PAIRS}). Row i of Delta is point i's own signal only if the graph never
 * mixes examples; {@link #mixesExamples} checks it.
 */
final class StructuredContraction {

    /** Relative difference between batched and split evaluations above which the graph is taken to mix examples. */
    static final double MIXING_TOLERANCE = 1e-9;
    /** Rows used by the mixing probe. */
    static final int PROBE_ROWS = 6;
    /** Rows of the first forward-and-backward pass of a graph with convolutions (it sizes the others). */
    static final int FIRST_PASS_ROWS = 16;

    private StructuredContraction() {
    }

    /** The pattern a structured parameter enters the graph by. */
    enum Kind { MATRIX_MULTIPLY, BIAS, CONVOLUTION }

    /**
     * The geometry of a convolution, 1-D ones as 2-D ones with extent 1 along the second axis.
     *
     * @param oneD a {@code conv1d} (values [N, L, C] or [N, C, L])
     * @param channelsFirst NCHW / NCW values (else NHWC / NWC)
     * @param kernel, stride, dilation per axis
     * @param pad the explicit padding per axis (both sides) when not {@code same}
     * @param same SAME padding: out = ceil(n / s), total padding max((out - 1) s + (f - 1) d + 1 - n, 0), floor half
     *     before
     */
    record Geometry(boolean oneD, boolean channelsFirst, long[] kernel, long[] stride, long[] dilation, long[] pad,
            boolean same) {
        long taps() {
            return kernel[0] * kernel[1];
        }
    }

    /**
     * How a structured parameter enters the graph.
     *
     * @param layerInput a's name for a matrix multiply or a convolution, null for a bias
     * @param transposed whether q enters the multiply transposed
     * @param conv the convolution's geometry (null unless {@link Kind#CONVOLUTION})
     * @param channelsFirst for a bias: the channel axis of z is axis 1 (a convolution's bias input in NCHW / NCW),
     *     else the last axis
     */
    record Site(String parameter, Kind kind, String layerInput, boolean transposed, String preActivation, double scale,
            Geometry conv, boolean channelsFirst) {
        boolean isBias() {
            return kind == Kind.BIAS;
        }

        Site to(String z, double s) {
            return new Site(parameter, kind, layerInput, transposed, z, s, conv, channelsFirst);
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
        boolean vector = shape.length == 1 || (shape.length == 2 && shape[0] == 1);
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
                return downstream(sd, new Site(parameter, Kind.MATRIX_MULTIPLY, in.get(0), flag(fn, "transposeB"), out,
                        scale, null, false));
            } else if ((fn instanceof AddOp || fn instanceof BiasAdd) && in.size() == 2 && !in.get(0).equals(in.get(1))
                    && vector && (fn instanceof AddOp || in.get(1).equals(cur))) {
                return downstream(sd, new Site(parameter, Kind.BIAS, null, false, out, scale, null, false));
            } else if (fn.getClass() == Conv2D.class || fn.getClass() == Conv1D.class) { // not SConv2D, a subclass
                Geometry g = geometry(fn);
                if (g == null || in.get(0).equals(cur) || in.stream().filter(cur::equals).count() != 1) {
                    return null;
                }
                if (in.get(1).equals(cur) && shape.length == (g.oneD() ? 3 : 4)) {
                    return downstream(sd, new Site(parameter, Kind.CONVOLUTION, in.get(0), false, out, scale, g, false));
                }
                if (in.size() == 3 && in.get(2).equals(cur) && vector) {
                    return downstream(sd, new Site(parameter, Kind.BIAS, null, false, out, scale, null,
                            g.channelsFirst()));
                }
                return null;
            } else {
                return null;
            }
        }
    }

    /** The convolution's geometry, or null for a configuration not covered (CAUSAL padding, unknown format). */
    private static Geometry geometry(DifferentialFunction fn) {
        if (fn instanceof Conv2D c && c.getConfig() != null) {
            Conv2DConfig k = c.getConfig();
            String format = k.getDataFormat();
            if (k.getPaddingMode() == PaddingMode.CAUSAL
                    || !(Conv2DConfig.NHWC.equals(format) || Conv2DConfig.NCHW.equals(format))) {
                return null;
            }
            return new Geometry(false, Conv2DConfig.NCHW.equals(format), new long[] {k.getKH(), k.getKW()},
                    new long[] {k.getSH(), k.getSW()}, new long[] {k.getDH(), k.getDW()},
                    new long[] {k.getPH(), k.getPW()}, k.getPaddingMode() == PaddingMode.SAME);
        }
        if (fn instanceof Conv1D c && c.getConfig() != null) {
            Conv1DConfig k = c.getConfig();
            String format = k.getDataFormat();
            if (k.getPaddingMode() == PaddingMode.CAUSAL
                    || !(Conv1DConfig.NWC.equals(format) || Conv1DConfig.NCW.equals(format))) {
                return null;
            }
            return new Geometry(true, Conv1DConfig.NCW.equals(format), new long[] {k.getK(), 1},
                    new long[] {k.getS(), 1}, new long[] {k.getD(), 1}, new long[] {k.getP(), 0},
                    k.getPaddingMode() == PaddingMode.SAME);
        }
        return null;
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
        return s.to(z, scale);
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

    /** The rows of one side: X1 is rows [0, n1), X2 rows [off2, off2 + n2) of the batch the pass ran on. */
    private record Sides(int n1, int off2, int n2, int k) {
        int n() {
            return Math.max(n1, off2 + n2);
        }

        /** The [n1, n2] block (a, b) of the full kernel, a view. */
        INDArray block(INDArray full, int a, int b, int rowStart, int rowEnd) {
            return full.get(TangentKernelMatrix.strided((long) rowStart * k + a, k, rowEnd - rowStart),
                    TangentKernelMatrix.strided(b, k, n2));
        }
    }

    /**
     * Adds the structured contributions of the given sites to {@code full} [N1*k, N2*k]; returns how each parameter
     * was contracted. Sites whose runtime shapes do not fit their pattern are left out of the map (they still need
     * the Jacobian). With convolutions the passes run over row chunks ({@link #passRows}).
     *
     * @param budget bytes that the im2col buffers of one pass and the position-pair form of a convolution may hold
     */
    static Map<String, Contraction> contract(SameDiffRealization f, INDArray x1, INDArray x2, Map<String, Site> sites,
            INDArray full, long budget) {
        return contract(f, x1, x2, sites, full, budget, null);
    }

    /**
     * {@link #contract(SameDiffRealization, INDArray, INDArray, Map, INDArray, long)} with the form of every
     * convolution weight imposed ({@code convolutionForm} one of the two convolution forms; null: the cheaper).
     */
    static Map<String, Contraction> contract(SameDiffRealization f, INDArray x1, INDArray x2, Map<String, Site> sites,
            INDArray full, long budget, Contraction convolutionForm) {
        Map<String, Contraction> forms = new LinkedHashMap<>();
        if (sites.isEmpty()) {
            return forms;
        }
        int k = f.outputDim();
        int n1 = (int) x1.rows();
        int n2 = (int) x2.rows();
        // X1 = X2 (the same array): one pass over X, both sides read the same rows
        boolean symmetric = x1 == x2;
        INDArray x = symmetric ? x1 : Nd4j.vstack(x1, x2);
        int n = symmetric ? n1 : n1 + n2;
        Sides sides = new Sides(n1, symmetric ? 0 : n1, n2, k);
        Set<String> inputs = new LinkedHashSet<>();
        Set<String> preActivations = new LinkedHashSet<>();
        for (Site s : sites.values()) {
            if (!s.isBias() && !s.layerInput().equals(f.inputName())) {
                inputs.add(s.layerInput());
            }
            preActivations.add(s.preActivation());
        }
        // one forward-and-backward pass per output, over row chunks when there are convolutions (see passRows)
        List<Map<String, INDArray>> valueChunks = new ArrayList<>();
        List<List<Map<String, INDArray>>> deltaChunks = new ArrayList<>();
        boolean convolutions = sites.values().stream().anyMatch(s -> s.kind() == Kind.CONVOLUTION);
        int chunk = convolutions ? Math.min(n, FIRST_PASS_ROWS) : n;
        for (int start = 0; start < n; ) {
            int end = Math.min(n, start + chunk);
            INDArray xc = start == 0 && end == n ? x : rows(x, start, end);
            List<Map<String, INDArray>> perOutput = new ArrayList<>();
            for (int a = 0; a < k; a++) {
                INDArray v = Nd4j.zeros(DataType.DOUBLE, end - start, k);
                v.getColumn(a).assign(1.0);
                SameDiffRealization.Pass pass = f.pass(xc, v, a == 0 ? inputs : Set.of(), preActivations);
                if (a == 0) {
                    valueChunks.add(pass.values());
                }
                perOutput.add(pass.gradients());
            }
            deltaChunks.add(perOutput);
            if (start == 0 && convolutions) {
                chunk = passRows(f, sites, perOutput.get(0), end, n, budget);
            }
            start = end;
        }
        Map<String, INDArray> values = joined(valueChunks);
        List<Map<String, INDArray>> deltas = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            final int out = a;
            deltas.add(joined(deltaChunks.stream().map(c -> c.get(out)).toList()));
        }
        // per pre-activation z of matrix multiplies: M_z = sum_W s^2 A A^T (a matrix, or null) + sum_b s^2 (a number)
        Map<String, INDArray> grams = new LinkedHashMap<>();
        Map<String, Double> biasWeights = new LinkedHashMap<>();
        Map<String, INDArray> inputGrams = new LinkedHashMap<>();
        for (Site s : sites.values()) {
            long[] shape = f.parameterShape(s.parameter());
            INDArray d0 = deltas.get(0).get(s.preActivation());
            double s2 = s.scale() * s.scale();
            if (d0 == null || d0.rank() < 2 || d0.size(0) != n) {
                continue;
            }
            Contraction form = null;
            if (s.kind() == Kind.BIAS) {
                long channels = d0.size(s.channelsFirst() ? 1 : d0.rank() - 1);
                if (channels != shape[shape.length - 1]) {
                    continue;
                }
                if (d0.rank() == 2) {
                    biasWeights.merge(s.preActivation(), s2, Double::sum);
                } else {
                    biasOverPositions(s, deltas, s2, sides, full);
                }
                form = Contraction.BIAS;
            } else if (s.kind() == Kind.MATRIX_MULTIPLY) {
                INDArray a = s.layerInput().equals(f.inputName()) ? x : values.get(s.layerInput());
                long in = s.transposed() ? shape[1] : shape[0];
                long out = s.transposed() ? shape[0] : shape[1];
                if (a != null && a.rank() == 2 && a.rows() == n && a.columns() == in && d0.rank() == 2
                        && d0.columns() == out) {
                    INDArray g = inputGrams.computeIfAbsent(s.layerInput(),
                            key -> rows(a, 0, n1).mmul(rows(a, sides.off2(), sides.off2() + n2).transpose()));
                    grams.merge(s.preActivation(), g.mul(s2), INDArray::addi);
                    form = Contraction.MATRIX_MULTIPLY;
                }
            } else {
                INDArray a = s.layerInput().equals(f.inputName()) ? null : values.get(s.layerInput());
                form = a == null ? null : convolution(s, a, deltas, shape, s2, sides, full, budget, convolutionForm);
            }
            if (form != null) {
                forms.put(s.parameter(), form);
            }
        }
        Set<String> used = new LinkedHashSet<>(grams.keySet());
        used.addAll(biasWeights.keySet());
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                INDArray block = Nd4j.zeros(DataType.DOUBLE, n1, n2);
                for (String z : used) {
                    INDArray da = rows(deltas.get(a).get(z), 0, n1);
                    INDArray db = rows(deltas.get(b).get(z), sides.off2(), sides.off2() + n2);
                    INDArray dd = da.mmul(db.transpose());
                    INDArray g = grams.get(z);
                    double c = biasWeights.getOrDefault(z, 0.0);
                    if (g != null) {
                        block.addi(c == 0 ? dd.mul(g) : g.add(c).muli(dd));
                    } else {
                        block.addi(dd.muli(c));
                    }
                }
                sides.block(full, a, b, 0, n1).addi(block);
            }
        }
        return forms;
    }

    /**
     * Rows per forward-and-backward pass after the first {@value #FIRST_PASS_ROWS}: libnd4j's conv2d and conv2d_bp
     * each build an im2col buffer of Q K doubles per row of the batch (Q output positions, K = FH FW C), so with the
     * largest such Q K over the convolutions, floor(budget / (2 * 8 Q K)) rows (at least 1, at most N).
     */
    private static int passRows(SameDiffRealization f, Map<String, Site> sites, Map<String, INDArray> firstDeltas,
            int rows, int n, long budget) {
        double perRow = 0;
        for (Site s : sites.values()) {
            INDArray d = firstDeltas.get(s.preActivation());
            if (s.kind() == Kind.CONVOLUTION && d != null && d.rank() >= 3) {
                long o = d.size(s.conv().channelsFirst() ? 1 : d.rank() - 1);
                double q = (double) d.length() / rows / o;
                double kk = 1;
                for (long e : f.parameterShape(s.parameter())) {
                    kk *= e;
                }
                kk /= o; // K = FH FW C
                perRow = Math.max(perRow, 2 * 8 * q * kk);
            }
        }
        return perRow == 0 ? n : (int) Math.max(1, Math.min(n, budget / perRow));
    }

    /** The row chunks of each variable stacked along axis 0 (a chunk that is the whole batch is kept as it is). */
    private static Map<String, INDArray> joined(List<Map<String, INDArray>> chunks) {
        if (chunks.size() == 1) {
            return chunks.get(0);
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : chunks.get(0).keySet()) {
            INDArray[] parts = chunks.stream().map(c -> c.get(name)).toArray(INDArray[]::new);
            out.put(name, Nd4j.concat(0, parts));
            Temporaries.release(java.util.Arrays.asList(parts));
        }
        return out;
    }

    /** Bias over positions: Theta_b = s^2 S^a_1 S^b_2^T with S^a = sum_p Delta^a(p), [n, O]. */
    private static void biasOverPositions(Site s, List<Map<String, INDArray>> deltas, double s2, Sides sides,
            INDArray full) {
        int k = sides.k();
        INDArray[] sums = new INDArray[k];
        for (int a = 0; a < k; a++) {
            INDArray d = deltas.get(a).get(s.preActivation());
            int[] spatial = new int[d.rank() - 2];
            for (int t = 0; t < spatial.length; t++) {
                spatial[t] = s.channelsFirst() ? t + 2 : t + 1;
            }
            sums[a] = spatial.length == 0 ? d : d.sum(spatial);
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                INDArray p = rows(sums[a], 0, sides.n1()).mmul(rows(sums[b], sides.off2(), sides.off2() + sides.n2())
                        .transpose());
                sides.block(full, a, b, 0, sides.n1()).addi(p.muli(s2));
            }
        }
    }

    /**
     * A convolution weight's share, added to {@code full}; null if the runtime shapes do not fit the geometry. The
     * per-example-gradient form costs 2 k n Q K O (the gradients) + 2 k^2 n1 n2 K O (their products) operations, the
     * position-pair form 2 n1 n2 Q^2 K + k^2 n1 n2 Q^2 (2 O + 1) (Q output positions, K = FH FW C); the cheaper
     * one is taken, the position pairs only if their im2col matrix [n Q, K] and one row of example blocks fit the
     * budget.
     */
    private static Contraction convolution(Site s, INDArray input, List<Map<String, INDArray>> deltas, long[] shape,
            double s2, Sides sides, INDArray full, long budget, Contraction imposed) {
        Geometry g = s.conv();
        int k = sides.k();
        int n = sides.n();
        INDArray a = channelsLast(input, g);
        if (a == null || a.size(0) != n) {
            return null;
        }
        long c = a.size(3);
        long[] out = new long[2];
        long[] before = new long[2];
        long[] padded = new long[2];
        for (int ax = 0; ax < 2; ax++) {
            long len = a.size(ax + 1);
            long eff = (g.kernel()[ax] - 1) * g.dilation()[ax] + 1;
            long st = g.stride()[ax];
            if (g.same()) {
                out[ax] = (len + st - 1) / st;
                long total = Math.max((out[ax] - 1) * st + eff - len, 0);
                before[ax] = total / 2;
                padded[ax] = len + total;
            } else {
                long p = g.pad()[ax];
                if (len + 2 * p < eff) {
                    return null;
                }
                out[ax] = (len + 2 * p - eff) / st + 1;
                before[ax] = p;
                padded[ax] = len + 2 * p;
            }
        }
        INDArray[] d = new INDArray[k];
        long o = -1;
        for (int b = 0; b < k; b++) {
            INDArray v = channelsLast(deltas.get(b).get(s.preActivation()), g);
            if (v == null || v.size(0) != n || v.size(1) != out[0] || v.size(2) != out[1]) {
                return null;
            }
            o = v.size(3);
            d[b] = (v.ordering() == 'c' && !v.isView() ? v : v.dup('c')).reshape(n, out[0] * out[1], o);
        }
        long params = 1;
        for (long e : shape) {
            params *= e;
        }
        if (params != g.taps() * c * o) {
            return null;
        }
        try (Temporaries tmp = new Temporaries()) {
            INDArray pad = tmp.add(Nd4j.zeros(DataType.DOUBLE, n, padded[0], padded[1], c));
            pad.get(NDArrayIndex.all(), NDArrayIndex.interval(before[0], before[0] + a.size(1)),
                    NDArrayIndex.interval(before[1], before[1] + a.size(2)), NDArrayIndex.all()).assign(a);
            double q = out[0] * out[1];
            double kk = g.taps() * c;
            double nn = (double) sides.n1() * sides.n2();
            double gradients = 2.0 * k * n * q * kk * o + 2.0 * k * k * nn * kk * o;
            double pairs = 2.0 * nn * q * q * kk + (double) k * k * nn * q * q * (2.0 * o + 1);
            long im2col = (long) (n * q * kk * 8);
            long pairRow = (long) (3 * q * q * sides.n2() * 8);
            boolean usePairs = imposed == null ? pairs < gradients && im2col + pairRow <= budget
                    : imposed == Contraction.CONVOLUTION_POSITION_PAIRS;
            if (usePairs) {
                int rowsPerBlock = (int) Math.max(1, Math.min(sides.n1(), (budget - im2col) / pairRow));
                positionPairs(pad, d, g, out, s2, sides, full, rowsPerBlock);
                return Contraction.CONVOLUTION_POSITION_PAIRS;
            }
            weightGradients(pad, d, g, out, s2, sides, full);
            return Contraction.CONVOLUTION_WEIGHT_GRADIENTS;
        }
    }

    /** A convolution's values [n, H, W, C] (1-D: [n, L, 1, C]), a view where possible; null if the rank is wrong. */
    private static INDArray channelsLast(INDArray v, Geometry g) {
        if (v == null) {
            return null;
        }
        if (!g.oneD()) {
            return v.rank() != 4 ? null : g.channelsFirst() ? v.permute(0, 2, 3, 1) : v;
        }
        if (v.rank() != 3) {
            return null;
        }
        INDArray t = g.channelsFirst() ? v.permute(0, 2, 1) : v;
        return t.dup('c').reshape(t.size(0), t.size(1), 1, t.size(2));
    }

    /** The input values read by filter tap (u, w) at every output position, [n, Q, C] (a copy). */
    private static INDArray tap(INDArray pad, Geometry g, long[] out, long u, long w) {
        long h0 = u * g.dilation()[0];
        long w0 = w * g.dilation()[1];
        INDArray view = pad.get(NDArrayIndex.all(), TangentKernelMatrix.strided(h0, g.stride()[0], out[0]),
                TangentKernelMatrix.strided(w0, g.stride()[1], out[1]), NDArrayIndex.all());
        return view.dup('c').reshape(pad.size(0), out[0] * out[1], pad.size(3));
    }

    /**
     * Theta_W(block a, b) += s^2 sum_taps G^a_t(X1) G^b_t(X2)^T, G^a_t = [per example: P_t^T Delta^a] flattened to
     * [n, C O] (P_t the values read by tap t, [Q, C]).
     */
    private static void weightGradients(INDArray pad, INDArray[] d, Geometry g, long[] out, double s2, Sides sides,
            INDArray full) {
        int k = sides.k();
        long n = pad.size(0);
        for (long u = 0; u < g.kernel()[0]; u++) {
            for (long w = 0; w < g.kernel()[1]; w++) {
                try (Temporaries tmp = new Temporaries()) {
                    INDArray p = tmp.add(tap(pad, g, out, u, w));
                    INDArray[] grads = new INDArray[k];
                    for (int a = 0; a < k; a++) {
                        INDArray ga = tmp.add(Nd4j.matmul(p, d[a], true, false, false));
                        grads[a] = ga.reshape(n, ga.size(1) * ga.size(2));
                    }
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            INDArray prod = tmp.add(rows(grads[a], 0, sides.n1())
                                    .mmul(rows(grads[b], sides.off2(), sides.off2() + sides.n2()).transpose()));
                            sides.block(full, a, b, 0, sides.n1()).addi(prod.muli(s2));
                        }
                    }
                }
            }
        }
    }

    /**
     * Theta_W(i, j) += s^2 sum_{p, p'} (P_i(p) . P_j(p')) (Delta^a_i(p) . Delta^b_j(p')) for blocks of
     * {@code rowsPerBlock} examples of X1 against all of X2: [m Q, n2 Q] products of the im2col rows, multiplied
     * elementwise and summed over the Q x Q position pairs of each example pair.
     */
    private static void positionPairs(INDArray pad, INDArray[] d, Geometry g, long[] out, double s2, Sides sides,
            INDArray full, int rowsPerBlock) {
        int k = sides.k();
        long n = pad.size(0);
        long q = out[0] * out[1];
        try (Temporaries tmp = new Temporaries()) {
            List<INDArray> taps = new ArrayList<>();
            for (long u = 0; u < g.kernel()[0]; u++) {
                for (long w = 0; w < g.kernel()[1]; w++) {
                    taps.add(tmp.add(tap(pad, g, out, u, w)));
                }
            }
            INDArray cols = taps.size() == 1 ? taps.get(0) : tmp.add(Nd4j.concat(2, taps.toArray(new INDArray[0])));
            INDArray im2col = cols.reshape(n * q, cols.size(2));
            INDArray[] dq = new INDArray[k];
            for (int a = 0; a < k; a++) {
                dq[a] = d[a].reshape(n * q, d[a].size(2));
            }
            long off2 = (long) sides.off2() * q;
            long end2 = off2 + (long) sides.n2() * q;
            INDArray p2 = rowsLong(im2col, off2, end2);
            for (int i0 = 0; i0 < sides.n1(); i0 += rowsPerBlock) {
                int m = Math.min(rowsPerBlock, sides.n1() - i0);
                try (Temporaries blk = new Temporaries()) {
                    INDArray pp = blk.add(rowsLong(im2col, i0 * q, (i0 + m) * q).mmul(p2.transpose()));
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            INDArray dd = blk.add(rowsLong(dq[a], i0 * q, (i0 + m) * q)
                                    .mmul(rowsLong(dq[b], off2, end2).transpose()));
                            INDArray sum = blk.add(dd.muli(pp).reshape(m, q, sides.n2(), q).sum(1, 3));
                            sides.block(full, a, b, i0, i0 + m).addi(sum.muli(s2));
                        }
                    }
                }
            }
        }
    }

    private static INDArray rows(INDArray x, int start, int end) {
        return x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
    }

    private static INDArray rowsLong(INDArray x, long start, long end) {
        return x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
    }
}
