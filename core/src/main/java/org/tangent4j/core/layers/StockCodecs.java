package org.tangent4j.core.layers;

import static org.tangent4j.core.layers.ArchitectureFile.integer;
import static org.tangent4j.core.layers.ArchitectureFile.integers;
import static org.tangent4j.core.layers.ArchitectureFile.number;
import static org.tangent4j.core.layers.ArchitectureFile.putIntegers;

import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.tangent4j.core.arch.Activation;

/** The file forms of the stock layers (see {@link ArchitectureFile} for the schema). */
final class StockCodecs {

    private StockCodecs() {
    }

    /** A codec from a reader, a writer and the accepted fields. */
    private static <L extends Layer> ArchitectureFile.Codec codec(Class<L> type, Set<String> fields,
            BiFunction<JsonNode, ArchitectureFile.Reader, L> read, TriConsumer<L> write) {
        return new ArchitectureFile.Codec() {
            @Override
            public Layer read(JsonNode node, ArchitectureFile.Reader reader) {
                return read.apply(node, reader);
            }

            @Override
            public void write(Layer layer, ObjectNode node, ArchitectureFile.Writer writer) {
                write.accept(type.cast(layer), node, writer);
            }

            @Override
            public Set<String> fields() {
                return fields;
            }
        };
    }

    @FunctionalInterface
    private interface TriConsumer<L> {
        void accept(L layer, ObjectNode node, ArchitectureFile.Writer writer);
    }

    private static <L extends Layer> void reg(String name, Class<L> type, Set<String> fields,
            BiFunction<JsonNode, ArchitectureFile.Reader, L> read, TriConsumer<L> write) {
        ArchitectureFile.register(name, type, codec(type, fields, read, write));
    }

    private static void widthAndScales(ObjectNode o, double w, double b, int width,
            org.tangent4j.core.arch.Parameterization p) {
        o.put("w_std", w);
        o.put("b_std", b);
        if (width != Shape.UNSET) {
            o.put("width", width);
        }
        o.put("parameterization", p.name().toLowerCase(Locale.ROOT));
    }

    static void registerAll() {
        reg("dense", Dense.class, Set.of("w_std", "b_std", "width", "parameterization"),
                (n, r) -> new Dense(number(n, "w_std"), number(n, "b_std", 0), integer(n, "width", Shape.UNSET),
                        ArchitectureFile.parameterization(n.get("parameterization"), "parameterization", r.parameterization())),
                (l, o, w) -> widthAndScales(o, l.wStd(), l.bStd(), l.width(), l.parameterization()));
        reg("conv", Conv.class, Set.of("filter", "strides", "padding", "w_std", "b_std", "width", "parameterization"),
                (n, r) -> {
                    int[] f = integers(n, "filter", null);
                    int[] ones = new int[f.length];
                    java.util.Arrays.fill(ones, 1);
                    return new Conv(f, integers(n, "strides", ones), ArchitectureFile.padding(n), number(n, "w_std"),
                            number(n, "b_std", 0), integer(n, "width", Shape.UNSET),
                            ArchitectureFile.parameterization(n.get("parameterization"), "parameterization", r.parameterization()));
                },
                (l, o, w) -> {
                    putIntegers(o, "filter", l.filter());
                    putIntegers(o, "strides", l.strides());
                    o.put("padding", l.padding().id());
                    widthAndScales(o, l.wStd(), l.bStd(), l.width(), l.parameterization());
                });
        reg("activation", Elementwise.class, Set.of("activation"),
                (n, r) -> new Elementwise(ArchitectureFile.activation(n, "activation")),
                (l, o, w) -> o.put("activation", writable(l.activation())));
        reg("flatten", Flatten.class, Set.of(), (n, r) -> new Flatten(), (l, o, w) -> { });
        reg("global-avg-pool", GlobalAvgPool.class, Set.of(), (n, r) -> new GlobalAvgPool(), (l, o, w) -> { });
        reg("identity", Identity.class, Set.of(), (n, r) -> new Identity(), (l, o, w) -> { });
        reg("avg-pool", AvgPool.class, Set.of("window", "strides", "padding"),
                (n, r) -> {
                    int[] f = integers(n, "window", null);
                    int[] ones = new int[f.length];
                    java.util.Arrays.fill(ones, 1);
                    return new AvgPool(f, integers(n, "strides", ones), ArchitectureFile.padding(n));
                },
                (l, o, w) -> {
                    putIntegers(o, "window", l.window());
                    putIntegers(o, "strides", l.strides());
                    o.put("padding", l.padding().id());
                });
        reg("layer-norm", LayerNorm.class, Set.of("eps"), (n, r) -> new LayerNorm(number(n, "eps", LayerNorm.DEFAULT_EPS)),
                (l, o, w) -> o.put("eps", l.eps()));
        reg("residual", Residual.class, Set.of("layers"),
                (n, r) -> new Residual(new Serial(r.layers(n, "layers"))),
                (l, o, w) -> w.layers(o, "layers", l.block() instanceof Serial s ? s.layers() : java.util.List.of(l.block())));
        reg("serial", Serial.class, Set.of("layers"), (n, r) -> new Serial(r.layers(n, "layers")),
                (l, o, w) -> w.layers(o, "layers", l.layers()));
        reg("fan-in-sum", FanInSum.class, Set.of("branches"), (n, r) -> new FanInSum(r.layers(n, "branches")),
                (l, o, w) -> w.layers(o, "branches", l.branches()));
        reg("fan-in-concat", FanInConcat.class, Set.of("branches"), (n, r) -> new FanInConcat(r.layers(n, "branches")),
                (l, o, w) -> w.layers(o, "branches", l.branches()));
    }

    /** The activation's name, if it reads back to an equal activation. */
    private static String writable(Activation a) {
        return ArchitectureFile.activationName(a);
    }
}
