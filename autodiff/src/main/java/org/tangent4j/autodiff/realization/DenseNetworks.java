package org.tangent4j.autodiff.realization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.tangent4j.autodiff.activation.SameDiffActivation;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.Dense;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Layer;
import org.tangent4j.core.arch.Nonlinearity;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.check.Checks;

/**
 * Realizes a {@link DenseStack} as a SameDiff network at chosen widths.
 *
 * <p>Dense layer i maps h [N, n_i] to z [N, n_{i+1}]:
 * <ul>
 *   <li>NTK parameterization: z = (w_std / sqrt(n_i)) h W_i + b_std b_i with W_i, b_i ~ N(0, 1);</li>
 *   <li>standard parameterization: z = h W_i + b_i with W_i ~ N(0, w_std^2 / n_i), b_i ~ N(0, b_std^2).</li>
 * </ul>
 * A Dense with b_std = 0 has no bias parameter. Nonlinearities become graph operations through
 * {@link SameDiffActivation#expressionOf}. The input placeholder is {@value #INPUT}; parameters are named
 * {@code layer{i}.W}, {@code layer{i}.b}. Sampling uses one {@link GaussianDraws} stream seeded with {@code seed}, in the order
 * W_0, b_0, W_1, ... (each row-major): the same seed gives the same network on every platform.
 */
public final class DenseNetworks {

    /** The input placeholder's name. */
    public static final String INPUT = "x";
    /** The name of the description file written next to the {@code .npy} files. */
    public static final String DESCRIPTION_FILE = "params.json";
    private static final String FORMAT = "tangent4j-dense-1";

    private DenseNetworks() {
    }

    /**
     * Every hidden layer of width {@code width}.
     *
     * @param inputDim d
     * @param width n, the width of every hidden Dense output
     * @param outputDim k
     */
    public static DenseNetwork realize(DenseStack stack, int inputDim, int width, int outputDim, long seed) {
        Objects.requireNonNull(stack, "stack = null: expected a DenseStack");
        Checks.positive("width", width);
        int[] hidden = new int[stack.denseCount() - 1];
        Arrays.fill(hidden, width);
        return realize(stack, inputDim, hidden, outputDim, seed);
    }

    /**
     * Hidden widths given one per hidden Dense layer (denseCount - 1 of them).
     *
     * @throws IllegalArgumentException if the number of widths does not match the stack or a width is not positive
     */
    public static DenseNetwork realize(DenseStack stack, int inputDim, int[] hiddenWidths, int outputDim, long seed) {
        Objects.requireNonNull(stack, "stack = null: expected a DenseStack");
        Checks.positive("inputDim", inputDim);
        Checks.positive("outputDim", outputDim);
        Objects.requireNonNull(hiddenWidths, "hiddenWidths = null: expected one width per Dense layer but the last");
        if (hiddenWidths.length != stack.denseCount() - 1) {
            throw new IllegalArgumentException("hiddenWidths = " + Arrays.toString(hiddenWidths) + ": expected "
                    + (stack.denseCount() - 1) + " widths (one per Dense layer but the last) for " + stack.layers());
        }
        int[] widths = new int[hiddenWidths.length + 2];
        widths[0] = inputDim;
        for (int i = 0; i < hiddenWidths.length; i++) {
            widths[i + 1] = Checks.positive("hiddenWidths[" + i + "]", hiddenWidths[i]);
        }
        widths[widths.length - 1] = outputDim;

        SameDiff sd = SameDiff.create();
        SDVariable h = sd.placeHolder(INPUT, DataType.DOUBLE, -1, inputDim);
        List<String> params = new ArrayList<>();
        boolean ntk = stack.parameterization() == Parameterization.NTK;
        int i = 0;
        GaussianDraws rng = new GaussianDraws(seed);
        for (Layer layer : stack.layers()) {
            if (layer instanceof Dense dense) {
                int nIn = widths[i];
                int nOut = widths[i + 1];
                double wScale = dense.wStd() / Math.sqrt(nIn);
                INDArray w = rng.next(nIn, nOut);
                if (!ntk) {
                    w.muli(wScale);
                }
                SDVariable wv = sd.var("layer" + i + ".W", w);
                params.add(wv.name());
                SDVariable z = h.mmul(wv);
                if (ntk) {
                    z = z.mul(wScale);
                }
                if (dense.bStd() > 0) {
                    INDArray b = rng.next(nOut);
                    if (!ntk) {
                        b.muli(dense.bStd());
                    }
                    SDVariable bv = sd.var("layer" + i + ".b", b);
                    params.add(bv.name());
                    z = z.add(ntk ? bv.mul(dense.bStd()) : bv);
                }
                h = z;
                i++;
            } else if (layer instanceof Nonlinearity nl) {
                h = SameDiffActivation.expressionOf(nl.activation()).apply(h);
            }
        }
        SDVariable out = h.mul(1.0);
        return new DenseNetwork(sd, INPUT, out.name(), params, stack, widths);
    }

    /**
     * Rebuilds a network saved by {@link DenseNetwork#save(Path)}: the architecture from {@code params.json}
     * (activations parsed by {@link Activations#parse}), the parameters from the {@code .npy} files.
     */
    public static DenseNetwork load(Path dir) throws IOException {
        Path json = dir.resolve(DESCRIPTION_FILE);
        if (!Files.isRegularFile(json)) {
            throw new IOException(json + " is missing: expected a folder written by DenseNetwork.save");
        }
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IOException(json + " has format '" + root.path("format").asText() + "': expected " + FORMAT);
        }
        Parameterization p = Parameterization.valueOf(root.get("parameterization").asText().toUpperCase(Locale.ROOT));
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : root.get("layers")) {
            if ("dense".equals(l.get("type").asText())) {
                layers.add(new Dense(l.get("w_std").asDouble(), l.get("b_std").asDouble()));
            } else {
                layers.add(new Nonlinearity(Activations.parse(l.get("activation").asText())));
            }
        }
        JsonNode w = root.get("widths");
        int[] widths = new int[w.size()];
        for (int j = 0; j < widths.length; j++) {
            widths[j] = w.get(j).asInt();
        }
        DenseNetwork net = realize(new DenseStack(layers, p), widths[0], Arrays.copyOfRange(widths, 1, widths.length - 1),
                widths[widths.length - 1], 0);
        ParameterFiles.load(net, dir);
        return net;
    }

    static void writeDescription(DenseNetwork net, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("parameterization", net.stack().parameterization().name().toLowerCase(Locale.ROOT));
        root.put("convention", net.stack().parameterization() == Parameterization.NTK
                ? "z = (w_std / sqrt(n_in)) * x @ W + b_std * b; W, b ~ N(0, 1)"
                : "z = x @ W + b; W ~ N(0, w_std^2 / n_in), b ~ N(0, b_std^2)");
        ArrayNode widths = root.putArray("widths");
        for (int n : net.widths()) {
            widths.add(n);
        }
        ArrayNode layers = root.putArray("layers");
        int i = 0;
        for (Layer layer : net.stack().layers()) {
            ObjectNode l = layers.addObject();
            if (layer instanceof Dense d) {
                l.put("type", "dense");
                l.put("index", i++);
                l.put("w_std", d.wStd());
                l.put("b_std", d.bStd());
            } else if (layer instanceof Nonlinearity nl) {
                l.put("type", "activation");
                l.put("activation", nl.activation().id());
            }
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
