package org.tangent4j.core.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.Parameterization;

/**
 * The architecture file: one JSON description of a {@link Network} for the command line and for saved networks,
 * {@code {"parameterization": "ntk"|"standard", "layers": [ ... ]}}, one object per layer with a {@code "type"}:
 * <pre>
 * {"type":"dense", "w_std":W, "b_std":B, "width":N}                  b_std default 0; width optional
 * {"type":"conv", "filter":[FH,FW], "strides":[SH,SW], "padding":"same"|"valid"|"circular",
 *  "w_std":W, "b_std":B, "width":N}                                  1-D: one-element lists; strides default 1,
 *                                                                    padding default same
 * {"type":"activation", "activation":"relu"|"erf"|...}              names as Activations.parse
 * {"type":"flatten"}   {"type":"global-avg-pool"}   {"type":"identity"}
 * {"type":"avg-pool", "window":[..], "strides":[..], "padding":..}  strides default = 1
 * {"type":"layer-norm", "eps":E}                                     eps default 1e-12
 * {"type":"residual", "layers":[...]}                               x + serial(layers)(x)
 * {"type":"serial", "layers":[...]}
 * {"type":"fan-in-sum", "branches":[layer, ...]}                    sum of the branches on the same input
 * {"type":"fan-in-concat", "branches":[layer, ...]}                 channel concatenation of the branches
 * </pre>
 * A dense or conv layer may carry its own {@code "parameterization"}. An optional top-level {@code "input": [H, W, C]}
 * ([d] or [L, C]) records the per-input shape; a saved network's {@code arch.json} has it, and a width on every
 * dense and conv layer. An activation is a name {@link Activations#parse} reads (every stock activation's id) or one
 * registered with {@link #registerActivation}. An unknown type or field, a missing field or a
 * wrong value is an {@link LayerException} naming the layer's place ({@code layers[3].branches[0]}) and the value.
 * A user adds a type with {@link #register}.
 */
public final class ArchitectureFile {

    /** Reads and writes one type of layer. */
    public interface Codec {
        /** The layer described by {@code node} (its fields already checked against {@link #fields}). */
        Layer read(JsonNode node, Reader reader);

        /** Writes the layer's fields (not its type) into {@code node}. */
        void write(Layer layer, ObjectNode node, Writer writer);

        /** The fields this type accepts besides {@code type}. */
        Set<String> fields();
    }

    /** What a codec needs to read nested layers and shared settings. */
    public interface Reader {
        /** The file's default parameterization. */
        Parameterization parameterization();

        /** The layers of an array field, with their places {@code field[i]}. */
        List<Layer> layers(JsonNode node, String field);
    }

    /** What a codec needs to write nested layers. */
    public interface Writer {
        /** Writes the layers into an array field. */
        void layers(ObjectNode node, String field, List<Layer> layers);
    }

    private record Entry(String type, Class<? extends Layer> layerClass, Codec codec) {
    }

    private static final Map<String, Entry> BY_TYPE = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Entry> BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<String, Activation> ACTIVATIONS = new ConcurrentHashMap<>();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        StockCodecs.registerAll();
    }

    private ArchitectureFile() {
    }

    /** Registers (or replaces) a layer type of the file. */
    public static <L extends Layer> void register(String type, Class<L> layerClass, Codec codec) {
        Entry e = new Entry(type, layerClass, codec);
        BY_TYPE.put(type, e);
        BY_CLASS.put(layerClass, e);
    }

    /** The registered type names. */
    public static Set<String> types() {
        return new TreeSet<>(BY_TYPE.keySet());
    }

    /**
     * Reads a file.
     *
     * @throws IOException if it cannot be read
     * @throws LayerException (an IllegalArgumentException) naming the place and value of a bad entry
     */
    public static Network read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** Parses the JSON text of an architecture file. */
    public static Network parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the architecture file is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the architecture file holds " + (root == null ? "nothing" : root)
                    + ": expected an object {\"parameterization\": ..., \"layers\": [...]}");
        }
        checkFields(root, Set.of("parameterization", "layers", "format", "input"), "the architecture file");
        input(root);
        Parameterization p = parameterization(root.get("parameterization"), "parameterization", Parameterization.NTK);
        Reader reader = new Reader() {
            @Override
            public Parameterization parameterization() {
                return p;
            }

            @Override
            public List<Layer> layers(JsonNode node, String field) {
                return readLayers(node.get(field), field, this);
            }
        };
        if (root.get("layers") == null) {
            throw new IllegalArgumentException("the architecture file has no \"layers\": expected a list of layers");
        }
        return Network.of(reader.layers(root, "layers"));
    }

    /**
     * The per-input shape recorded in a file's {@code "input"} field ([d], [L, C] or [H, W, C]: the shape a saved
     * network was realized for), if it has one.
     *
     * @throws IllegalArgumentException if the file is not valid JSON or the field is not a list of 1 to 3 positive
     *     integers
     */
    public static Optional<Shape> input(String json) {
        try {
            return input(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the architecture file is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Optional<Shape> input(JsonNode root) {
        if (root == null || root.get("input") == null) {
            return Optional.empty();
        }
        JsonNode v = root.get("input");
        int[] s = v.isArray() && v.size() >= 1 && v.size() <= 3 ? integers(root, "input", null) : null;
        if (s == null) {
            throw new IllegalArgumentException("\"input\" = " + v + ": expected the per-input shape, [d], [L, C] or [H, W, C]");
        }
        return Optional.of(new Shape(Arrays.copyOf(s, s.length - 1), s[s.length - 1]));
    }

    private static List<Layer> readLayers(JsonNode list, String field, Reader reader) {
        if (list == null || !list.isArray()) {
            throw new LayerException("\"" + field + "\" = " + list + ": expected a list of layers");
        }
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String type = n.isObject() && n.get("type") != null ? n.get("type").asText() : null;
            try {
                if (type == null) {
                    throw new LayerException("layer " + n + " has no \"type\": expected one of " + types());
                }
                Entry e = BY_TYPE.get(type);
                if (e == null) {
                    throw new LayerException("unknown layer type '" + type + "': expected one of " + types());
                }
                Set<String> allowed = new TreeSet<>(e.codec().fields());
                allowed.add("type");
                checkFields(n, allowed, "a " + type + " layer");
                out.add(e.codec().read(n, reader));
            } catch (LayerException ex) {
                throw ex.within(field + "[" + i + "]", type == null ? "?" : type);
            } catch (IllegalArgumentException ex) {
                throw new LayerException(ex.getMessage()).within(field + "[" + i + "]", type == null ? "?" : type);
            }
        }
        return out;
    }

    private static void checkFields(JsonNode n, Set<String> allowed, String what) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new LayerException("unknown field \"" + f + "\" in " + what + ": expected only " + new TreeSet<>(allowed));
            }
        }
    }

    /** The text of the file describing {@code network} (every layer type must be registered). */
    public static String format(Network network, Parameterization parameterization) {
        return format(network, parameterization, null);
    }

    /**
     * The text of the file describing {@code network}, with the per-input shape as its {@code "input"} field (none if
     * {@code input} is null): the form a saved network records.
     */
    public static String format(Network network, Parameterization parameterization, Shape input) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("parameterization", parameterization.name().toLowerCase(Locale.ROOT));
        if (input != null) {
            int[] s = Arrays.copyOf(input.spatial(), input.rank() + 1);
            s[input.rank()] = input.channels();
            putIntegers(root, "input", s);
        }
        Writer writer = new Writer() {
            @Override
            public void layers(ObjectNode node, String field, List<Layer> layers) {
                ArrayNode a = node.putArray(field);
                for (Layer l : layers) {
                    Entry e = BY_CLASS.get(l.getClass());
                    if (e == null) {
                        throw new LayerException("layer " + l.getClass().getName() + " has no file form: expected a type"
                                + " registered with ArchitectureFile.register");
                    }
                    ObjectNode o = a.addObject();
                    o.put("type", e.type());
                    e.codec().write(l, o, this);
                }
            }
        };
        writer.layers(root, "layers", network.layers());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #format} to a file. */
    public static void write(Network network, Parameterization parameterization, Path file) throws IOException {
        Files.writeString(file, format(network, parameterization));
    }

    // ---- field helpers for codecs ----

    /** A required number field. */
    public static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new LayerException("\"" + field + "\" = " + v + ": expected a number");
        }
        return v.asDouble();
    }

    /** An optional number field. */
    public static double number(JsonNode n, String field, double otherwise) {
        return n.get(field) == null ? otherwise : number(n, field);
    }

    /** An optional positive integer field ({@code otherwise} when absent). */
    public static int integer(JsonNode n, String field, int otherwise) {
        JsonNode v = n.get(field);
        if (v == null) {
            return otherwise;
        }
        if (!v.isInt() || v.asInt() <= 0) {
            throw new LayerException("\"" + field + "\" = " + v + ": expected a positive integer");
        }
        return v.asInt();
    }

    /** A list of positive integers ({@code otherwise} when absent; null otherwise means required). */
    public static int[] integers(JsonNode n, String field, int[] otherwise) {
        JsonNode v = n.get(field);
        if (v == null && otherwise != null) {
            return otherwise;
        }
        if (v == null || !v.isArray() || v.size() == 0) {
            throw new LayerException("\"" + field + "\" = " + v + ": expected a list of one or two positive integers");
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isInt() || v.get(i).asInt() <= 0) {
                throw new LayerException("\"" + field + "\" = " + v + ": expected positive integers");
            }
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    /** The padding field (default SAME). */
    public static Padding padding(JsonNode n) {
        JsonNode v = n.get("padding");
        if (v == null) {
            return Padding.SAME;
        }
        for (Padding p : Padding.values()) {
            if (p.id().equals(v.asText())) {
                return p;
            }
        }
        throw new LayerException("\"padding\" = " + v + ": expected \"same\", \"valid\" or \"circular\"");
    }

    /** A parameterization field, or {@code otherwise}. */
    public static Parameterization parameterization(JsonNode v, String field, Parameterization otherwise) {
        if (v == null) {
            return otherwise;
        }
        switch (v.asText()) {
            case "ntk": return Parameterization.NTK;
            case "standard": return Parameterization.STANDARD;
            default:
                throw new LayerException("\"" + field + "\" = " + v + ": expected \"ntk\" or \"standard\"");
        }
    }

    /**
     * Registers (or replaces) a user's activation under its {@link Activation#id}, for activations that
     * {@link Activations#parse} does not know (e.g. a SameDiff expression): files then write and read it by that name.
     * Register it again, in the program that reads the file, before reading a file or saved network that uses it.
     *
     * @throws IllegalArgumentException if the id is a stock activation's name (those always mean the stock activation)
     */
    public static void registerActivation(Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("activation = null: expected an activation to register");
        }
        String id = activation.id();
        boolean stock;
        try {
            Activations.parse(id);
            stock = true;
        } catch (IllegalArgumentException e) {
            stock = false;
        }
        if (stock) {
            throw new IllegalArgumentException("activation id '" + id + "' is a stock activation's name: expected another"
                    + " name for a user's activation");
        }
        ACTIVATIONS.put(id, activation);
    }

    /** A registered user's activation by its id, else {@link Activations#parse}. */
    public static Activation activation(String name) {
        Activation a = ACTIVATIONS.get(name);
        if (a != null) {
            return a;
        }
        try {
            return Activations.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + (ACTIVATIONS.isEmpty() ? ""
                    : ", or a registered activation " + new TreeSet<>(ACTIVATIONS.keySet())) + " (a user's activation is"
                    + " read after ArchitectureFile.registerActivation)", e);
        }
    }

    /**
     * The name a file records for an activation: its id, if {@link #activation(String)} reads that back to an equal
     * activation (every stock activation, and registered ones).
     *
     * @throws LayerException otherwise (e.g. an unregistered SameDiff expression or Java function)
     */
    public static String activationName(Activation a) {
        try {
            if (activation(a.id()).equals(a)) {
                return a.id();
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below
        }
        throw new LayerException("activation '" + a.id() + "' (" + a.getClass().getSimpleName() + ") has no name that"
                + " reads back: expected a stock activation (" + Activations.NAMES + ") or one registered with"
                + " ArchitectureFile.registerActivation");
    }

    /** An activation field, read by {@link #activation(String)}. */
    public static Activation activation(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new LayerException("\"" + field + "\" = " + v + ": expected an activation name, one of " + Activations.NAMES);
        }
        return activation(v.asText());
    }

    /** Writes a list of integers. */
    public static void putIntegers(ObjectNode n, String field, int[] v) {
        ArrayNode a = n.putArray(field);
        Arrays.stream(v).forEach(a::add);
    }
}
