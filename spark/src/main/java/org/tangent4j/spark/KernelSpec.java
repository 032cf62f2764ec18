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
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.limits.InfiniteWidth;
import org.tangent4j.examples.cli.ArchitectureKernels;

/**
 * The serializable description of a kernel, sent to Spark executors in place of the kernel object: an executor
 * rebuilds the same {@link Kernel} with {@link #kernel()}, so its tiles are computed by the same code as on one
 * machine:
 * <ul>
 *   <li>the infinite-width NNGP or NTK of a {@link DenseStack} through {@link InfiniteWidth#of(DenseStack)} (its
 *   layers as {@link LayerSpec}s);</li>
 *   <li>the NNGP or NTK of any architecture on rows ({@link ArchitectureKernels.OnRows}, what {@code regress --arch}
 *   uses): the architecture file's text with its {@code "input"} shape ({@link ArchitectureFile#format}), read back by
 *   {@link ArchitectureFile#parse} into an equal {@link Network};</li>
 *   <li>an {@link RbfKernel}.</li>
 * </ul>
 * Rebuilt kernels are kept once per JVM.
 *
 * @param family which kernel
 * @param layers the stack's layers (empty for RBF and for an architecture file)
 * @param architecture the architecture file's text with its "input" field (null for a stack and for RBF)
 * @param variance the RBF variance v (NaN otherwise)
 * @param lengthScale the RBF length scale l (NaN otherwise)
 */
public record KernelSpec(Family family, List<LayerSpec> layers, String architecture, double variance, double lengthScale)
        implements Serializable {

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
        boolean described = !layers.isEmpty() || architecture != null;
        if (family == Family.RBF ? described : layers.isEmpty() == (architecture == null)) {
            throw new IllegalArgumentException("layers = " + layers + ", architecture = " + architecture + ": expected"
                    + " neither for RBF and exactly one (a stack or an architecture file) for " + family);
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
        return new KernelSpec(Family.RBF, List.of(), null, variance, lengthScale);
    }

    /**
     * The kernel of {@code regress --arch}: the NNGP or NTK of an architecture on rows reshaped to its input shape.
     *
     * @throws IllegalArgumentException if the network has no file form that reads back to an equal network (a layer
     *     type or activation not registered with {@link ArchitectureFile})
     */
    public static KernelSpec of(ArchitectureKernels.OnRows kernel) {
        String text;
        try {
            text = ArchitectureFile.format(kernel.network(), Parameterization.NTK, kernel.in());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("architecture " + kernel.network() + " has no file form (" + e.getMessage()
                    + "): expected layers and activations that ArchitectureFile writes, for a kernel computed on Spark", e);
        }
        if (!ArchitectureFile.parse(text).equals(kernel.network())
                || !ArchitectureFile.input(text).equals(java.util.Optional.of(kernel.in()))) {
            throw new IllegalArgumentException("architecture " + kernel.network() + " on inputs " + kernel.in()
                    + " does not read back from its file form " + text + ": expected a network that ArchitectureFile"
                    + " writes and reads unchanged, for a kernel computed on Spark");
        }
        return new KernelSpec(kernel.ntk() ? Family.NTK : Family.NNGP, List.of(), text, Double.NaN, Double.NaN);
    }

    private static KernelSpec infinite(Family family, DenseStack stack) {
        if (stack.parameterization() != Parameterization.NTK) {
            InfiniteWidth.of(stack); // refuses with its own message
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (Layer l : stack.layers()) {
            specs.add(LayerSpec.of(l));
        }
        return new KernelSpec(family, specs, null, Double.NaN, Double.NaN);
    }

    /** The stack described (NNGP and NTK of a stack only). */
    public DenseStack stack() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("stack(): " + (family == Family.RBF ? "an RBF kernel has no architecture"
                    : "the kernel is described by an architecture file"));
        }
        List<Layer> ls = new ArrayList<>();
        for (LayerSpec s : layers) {
            ls.add(s.layer());
        }
        return new DenseStack(ls, Parameterization.NTK);
    }

    /** The kernel, built once per JVM. */
    public Kernel kernel() {
        return BUILT.computeIfAbsent(this, s -> {
            if (s.architecture != null) {
                Network net = ArchitectureFile.parse(s.architecture);
                Shape in = ArchitectureFile.input(s.architecture).orElseThrow();
                return new ArchitectureKernels.OnRows(net, in, s.family == Family.NTK);
            }
            return switch (s.family) {
                case NNGP -> InfiniteWidth.of(s.stack()).nngp();
                case NTK -> InfiniteWidth.of(s.stack()).ntk();
                case RBF -> new RbfKernel(s.variance, s.lengthScale);
            };
        });
    }
}
