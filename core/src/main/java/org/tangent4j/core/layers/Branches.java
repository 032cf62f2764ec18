package org.tangent4j.core.layers;

import java.util.ArrayList;
import java.util.List;

/** What {@link FanInSum} and {@link FanInConcat} share: the same input fanned out to every branch. */
final class Branches {

    private Branches() {
    }

    static List<Layer> copy(List<Layer> branches, String who) {
        if (branches == null || branches.isEmpty()) {
            throw new IllegalArgumentException("branches = " + branches + ": " + who + " expects at least one branch");
        }
        return List.copyOf(branches);
    }

    static List<Shape> shapes(List<Layer> branches, Shape input) {
        List<Shape> out = new ArrayList<>();
        for (int b = 0; b < branches.size(); b++) {
            try {
                out.add(branches.get(b).outputShape(input));
            } catch (LayerException e) {
                throw e.within("branches[" + b + "]", branches.get(b).name());
            }
        }
        return out;
    }

    static List<KernelState> kernels(List<Layer> branches, KernelState input) {
        List<KernelState> out = new ArrayList<>();
        for (int b = 0; b < branches.size(); b++) {
            Layer l = branches.get(b);
            try {
                out.add(l instanceof Serial s ? s.kernel(input, input.fullSpatial()) : l.kernel(input));
            } catch (LayerException e) {
                throw e.within("branches[" + b + "]", l.name());
            }
        }
        return out;
    }

    static boolean needsFull(List<Layer> branches, boolean outputNeedsFull) {
        boolean need = false;
        for (Layer l : branches) {
            need |= l.needsFullSpatial(outputNeedsFull);
        }
        return need;
    }

    static List<Layer> map(List<Layer> branches, java.util.function.UnaryOperator<Layer> f) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : branches) {
            out.add(f.apply(l));
        }
        return out;
    }
}
