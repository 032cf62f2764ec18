package org.tangent4j.core.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Layers applied one after another. Failures of a layer are reported with its place, {@code layers[i]}.
 *
 * <p>The kernel pass looks ahead: before layer i it keeps every pair of spatial positions only if layer i or a later
 * one needs them ({@link Layer#needsFullSpatial}), and otherwise drops to the spatial diagonal (O(P) instead of
 * O(P^2) per pair of inputs). Consecutive {@link BlockLayer}s, each with the {@link EntryLayer} after it (convolutions and
 * their activations), run as one pass over the state ({@link KernelState#apply(List)}), with the same values as one
 * layer after the other.
 *
 * @param layers the layers in order (a copy is kept)
 */
public record Serial(List<Layer> layers) implements Layer {

    public Serial {
        if (layers == null) {
            throw new IllegalArgumentException("layers = null: expected a list of layers");
        }
        layers = List.copyOf(layers);
    }

    /** The layers in order. */
    public static Serial of(Layer... layers) {
        return new Serial(List.of(layers));
    }

    @Override
    public String name() {
        return "serial";
    }

    @Override
    public Shape outputShape(Shape input) {
        Shape s = input;
        for (int i = 0; i < layers.size(); i++) {
            try {
                s = layers.get(i).outputShape(s);
            } catch (LayerException e) {
                throw e.within("layers[" + i + "]", layers.get(i).name());
            }
        }
        return s;
    }

    /** The shapes entering each layer and the output: shapes.get(i) is layer i's input. */
    public List<Shape> shapes(Shape input) {
        List<Shape> out = new ArrayList<>(List.of(input));
        Shape s = input;
        for (int i = 0; i < layers.size(); i++) {
            try {
                s = layers.get(i).outputShape(s);
            } catch (LayerException e) {
                throw e.within("layers[" + i + "]", layers.get(i).name());
            }
            out.add(s);
        }
        return out;
    }

    @Override
    public KernelState kernel(KernelState input) {
        return kernel(input, input.fullSpatial());
    }

    /**
     * The kernel pass with the knowledge of what follows.
     *
     * @param fullAfter whether the layers after this one need every pair of positions of its output
     */
    public KernelState kernel(KernelState input, boolean fullAfter) {
        try {
            return pass(input, fullAfter);
        } finally {
            KernelState.dropSpares();
        }
    }

    private KernelState pass(KernelState input, boolean fullAfter) {
        boolean[] needIn = new boolean[layers.size()];
        boolean need = fullAfter;
        for (int i = layers.size() - 1; i >= 0; i--) {
            need = layers.get(i).needsFullSpatial(need);
            needIn[i] = need;
        }
        KernelState s = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            try {
                if (s.fullSpatial() && !needIn[i]) {
                    s = passed(input, s, s.diagonalSpatial());
                }
                l.outputShape(s.shape());
                if (!(l instanceof BlockLayer)) {
                    s = passed(input, s, l.kernel(s));
                    continue;
                }
            } catch (LayerException e) {
                throw e.within("layers[" + i + "]", l.name());
            }
            List<KernelState.Step> steps = new ArrayList<>();
            int last = chain(i, s, needIn, steps); // names the failing layer itself
            s = passed(input, s, s.apply(steps));
            i = last;
        }
        return fullAfter || !s.fullSpatial() ? s : passed(input, s, s.diagonalSpatial());
    }

    /**
     * The steps of the layers from {@code first} (a {@link BlockLayer}) on, a {@link BlockLayer} and the
     * {@link EntryLayer} after it as one step, up to the first layer that is neither or whose input the pass would
     * first reduce to its spatial diagonal ({@code needIn}); returns the index of the last layer taken.
     */
    private int chain(int first, KernelState s, boolean[] needIn, List<KernelState.Step> steps) {
        Shape shape = s.shape();
        boolean full = s.fullSpatial();
        int at = first;
        while (at < layers.size() && layers.get(at) instanceof BlockLayer b && (at == first || !full || needIn[at])) {
            KernelState.Blocks blocks;
            try {
                b.outputShape(shape);
                blocks = b.blocks(shape, full);
            } catch (LayerException e) {
                throw e.within("layers[" + at + "]", b.name());
            }
            boolean fullOut = full && blocks.fullOut() && blocks.out().positions() > 1;
            KernelState.Entries entries = null;
            if (at + 1 < layers.size() && layers.get(at + 1) instanceof EntryLayer next && (!fullOut || needIn[at + 1])) {
                try {
                    next.outputShape(blocks.out());
                    entries = next.entries(blocks.out(), blocks.gaussianAfter(), blocks.independentAfter());
                } catch (LayerException e) {
                    throw e.within("layers[" + (at + 1) + "]", next.name());
                }
            }
            steps.add(new KernelState.Step(blocks, entries));
            shape = blocks.out();
            full = fullOut;
            at += entries == null ? 1 : 2;
        }
        return at - 1;
    }

    /**
     * {@code next}, after handing the arrays of {@code previous} (an intermediate state of this pass, read by no one
     * else) to the next layer's result, unless it is the pass's input or shares arrays with it or with {@code next}.
     */
    private static KernelState passed(KernelState input, KernelState previous, KernelState next) {
        if (previous != input && previous != next && !previous.sharesArrays(input) && !previous.sharesArrays(next)) {
            previous.recycle();
        }
        return next;
    }

    @Override
    public boolean needsFullSpatial(boolean outputNeedsFull) {
        boolean need = outputNeedsFull;
        for (int i = layers.size() - 1; i >= 0; i--) {
            need = layers.get(i).needsFullSpatial(need);
        }
        return need;
    }

    @Override
    public Layer withDefaultWidth(int width) {
        return map(l -> l.withDefaultWidth(width));
    }

    @Override
    public Layer withOutputWidth(int width) {
        if (layers.isEmpty()) {
            return Layer.super.withOutputWidth(width);
        }
        List<Layer> out = new ArrayList<>(layers);
        int last = out.size() - 1;
        try {
            out.set(last, out.get(last).withOutputWidth(width));
        } catch (LayerException e) {
            throw e.within("layers[" + last + "]", out.get(last).name());
        }
        return new Serial(out);
    }

    /** The same structure with every layer replaced by {@code f} of it. */
    public Serial map(UnaryOperator<Layer> f) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            out.add(f.apply(l));
        }
        return new Serial(out);
    }

    @Override
    public Optional<List<org.tangent4j.core.arch.Layer>> denseStages() {
        List<org.tangent4j.core.arch.Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            Optional<List<org.tangent4j.core.arch.Layer>> s = l.denseStages();
            if (s.isEmpty()) {
                return Optional.empty();
            }
            out.addAll(s.get());
        }
        return Optional.of(out);
    }
}
