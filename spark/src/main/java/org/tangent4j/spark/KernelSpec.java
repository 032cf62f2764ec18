package org.tangent4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Dense;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Layer;
import org.tangent4j.core.arch.Nonlinearity;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.arch.PiecewiseLinear;
import org.tangent4j.core.arch.ScaledErf;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.kernel.RbfKernel;
import org.tangent4j.core.limits.InfiniteWidth;

/**
 * The serializable description of a kernel, sent to Spark executors in place of the kernel object: an executor
 * rebuilds the same {@link Kernel} with {@link #kernel()} (the infinite-width NNGP or NTK of a {@link DenseStack}
 * through {@link InfiniteWidth#of(DenseStack)}, or an {@link RbfKernel}), so its tiles are computed by the same code
 * as on one machine. Rebuilt kernels are kept once per JVM.
 *
 * @param family which kernel
 * @param layers the stack's layers (empty for RBF)
 * @param variance the RBF variance v (NaN otherwise)
 * @param lengthScale the RBF length scale l (NaN otherwise)
 */
public record KernelSpec(Family family, List<LayerSpec> layers, double variance, double lengthScale) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kernels that travel. */
    public enum Family { NNGP, NTK, RBF }

    /**
     * One stage of a fully-connected stack: {@code dense} (wStd, bStd), or an activation of a stock family:
     * {@code piecewise-linear} (a = p1, b = p2), {@code erf} (a = p1, b = p2, c = p3), {@code smooth} (name).
     */
    public record LayerSpec(String kind, String name, double p1, double p2, double p3) implements Serializable {
        private static final long serialVersionUID = 1L;

        static LayerSpec of(Layer layer) {
            if (layer instanceof Dense d) {
                return new LayerSpec("dense", "", d.wStd(), d.bStd(), 0);
            }
            Activation a = ((Nonlinearity) layer).activation();
            if (a instanceof PiecewiseLinear p) {
                return new LayerSpec("piecewise-linear", "", p.negativeSlope(), p.positiveSlope(), 0);
            }
            if (a instanceof ScaledErf e) {
                return new LayerSpec("erf", "", e.scale(), e.slope(), e.shift());
            }
            if (a instanceof SmoothActivation s) {
                return new LayerSpec("smooth", s.name(), 0, 0, 0);
            }
            throw new IllegalArgumentException("activation = " + a.id() + " (" + a.getClass().getName() + ") has no"
                    + " serializable description: expected a stock activation (piecewise linear, scaled erf, tanh, sigmoid,"
                    + " gelu, sin, softplus) for a kernel computed on Spark");
        }

        Layer layer() {
            return switch (kind) {
                case "dense" -> new Dense(p1, p2);
                case "piecewise-linear" -> new Nonlinearity(new PiecewiseLinear(p1, p2));
                case "erf" -> new Nonlinearity(new ScaledErf(p1, p2, p3));
                case "smooth" -> new Nonlinearity(SmoothActivation.valueOf(name));
                default -> throw new IllegalArgumentException("layer kind = " + kind + ": expected dense, piecewise-linear, erf or smooth");
            };
        }
    }

    private static final Map<KernelSpec, Kernel> BUILT = new ConcurrentHashMap<>();

    public KernelSpec {
        Objects.requireNonNull(family, "family");
        layers = List.copyOf(layers);
        if (family == Family.RBF ? !layers.isEmpty() : layers.isEmpty()) {
            throw new IllegalArgumentException("layers = " + layers + ": expected none for RBF and a stack for " + family);
        }
    }

    /** The NNGP kernel Sigma^(L) of a stack (NTK parameterization). */
    public static KernelSpec nngp(DenseStack stack) {
        return infinite(Family.NNGP, stack);
    }

    /** The NTK Theta^(L) of a stack (NTK parameterization). */
    public static KernelSpec ntk(DenseStack stack) {
        return infinite(Family.NTK, stack);
    }

    /** The RBF kernel v exp(-|x - x'|^2 / (2 l^2)). */
    public static KernelSpec rbf(double variance, double lengthScale) {
        new RbfKernel(variance, lengthScale); // checks the arguments here, on the driver
        return new KernelSpec(Family.RBF, List.of(), variance, lengthScale);
    }

    private static KernelSpec infinite(Family family, DenseStack stack) {
        if (stack.parameterization() != Parameterization.NTK) {
            InfiniteWidth.of(stack); // refuses with its own message
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (Layer l : stack.layers()) {
            specs.add(LayerSpec.of(l));
        }
        return new KernelSpec(family, specs, Double.NaN, Double.NaN);
    }

    /** The stack described (NNGP and NTK only). */
    public DenseStack stack() {
        if (family == Family.RBF) {
            throw new IllegalStateException("stack(): an RBF kernel has no architecture");
        }
        List<Layer> ls = new ArrayList<>();
        for (LayerSpec s : layers) {
            ls.add(s.layer());
        }
        return new DenseStack(ls, Parameterization.NTK);
    }

    /** The kernel, built once per JVM. */
    public Kernel kernel() {
        return BUILT.computeIfAbsent(this, s -> switch (s.family) {
            case NNGP -> InfiniteWidth.of(s.stack()).nngp();
            case NTK -> InfiniteWidth.of(s.stack()).ntk();
            case RBF -> new RbfKernel(s.variance, s.lengthScale);
        });
    }
}
