package org.tangent4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.autodiff.layers.LayerNetwork;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.MonteCarloKernels;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.io.IdxFiles;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.limits.InfiniteWidthKernels;
import org.tangent4j.core.limits.KernelPair;
import org.tangent4j.core.linalg.Matrices;

/**
 * The commands' use of an architecture file ({@link ArchitectureFile}, {@code --arch FILE.json}): its kernels, its
 * finite network and its checks, on vectors [N, d], signals [N, L, C] or NHWC images [N, H, W, C].
 */
public final class ArchitectureKernels {

    /** Which kernel. */
    enum Mode { ANALYTIC, EMPIRICAL, MONTE_CARLO }

    private ArchitectureKernels() {
    }

    /** Reads the file; a bad file is one message naming --arch, the file and the layer. */
    static Network read(Path file) {
        try {
            return ArchitectureFile.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--arch " + file + ": cannot be read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arch " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The per-input shape of {@code x}, checked against the network: every layer takes its input and the output is
     * a vector. A mismatch names --arch, the layer (its place in the file), the input flag and its shape.
     */
    static Shape inputShape(Path archFile, Network net, String flag, Path xFile, INDArray x) {
        Shape in = Shape.ofInput(x.shape());
        Shape out;
        try {
            out = net.outputShape(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arch " + archFile + " on " + flag + " " + xFile + " (shape "
                    + Arrays.toString(x.shape()) + ", per input " + in + "): " + e.getMessage(), e);
        }
        if (out.rank() != 0) {
            throw new IllegalArgumentException("--arch " + archFile + " on " + flag + " " + xFile + " (shape "
                    + Arrays.toString(x.shape()) + "): the network's output has shape " + out + " per input: expected a"
                    + " vector (end with flatten or global-avg-pool and a dense readout)");
        }
        return in;
    }

    /** The finite network of width {@code width} with {@code outputs} outputs on inputs of shape {@code in}. */
    static LayerNetwork realize(Path archFile, Network net, Shape in, int width, int outputs, long seed) {
        try {
            return LayerNetwork.realize(net, in, width, outputs, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arch " + archFile + ": " + e.getMessage(), e);
        }
    }

    static void run(Path file, Network net, Mode mode, INDArray x1, Path x1File, INDArray x2, Path x2File, int width,
            long seed, int samples, Path saveParams, Path nngpFile, Path ntkFile) {
        Shape in = inputShape(file, net, "--x1", x1File, x1);
        if (x2 != x1) {
            UserInput.samePointShape("--x2", x2File, x2, "--x1", x1);
        }
        if (mode == Mode.ANALYTIC) {
            KernelPair k = net.kernels(x1, x2);
            write(nngpFile, k.nngp());
            write(ntkFile, k.ntk());
            return;
        }
        INDArray r1 = rows(x1);
        INDArray r2 = x2 == x1 ? r1 : rows(x2);
        LayerNetwork f = realize(file, net, in, width, 1, seed);
        EmpiricalTangentKernel etk = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);
        if (mode == Mode.EMPIRICAL) {
            write(ntkFile, etk.compute(f, r1, r2).traced());
            if (saveParams != null) {
                OutputFiles.saveNetwork(f::save, saveParams);
                System.out.println("saved parameters to " + saveParams);
            }
            return;
        }
        long[] seeds = LongStream.range(seed, seed + samples).toArray();
        MonteCarloKernels mc = etk.monteCarlo(s -> {
            f.reinitialise(s);
            return f;
        }, seeds, r1, r2);
        write(nngpFile, mc.nngp().traced());
        write(ntkFile, mc.ntk().traced());
    }

    /**
     * The network's NNGP on inputs flattened to rows [N, prod(shape)] (row-major, the layout of {@link #rows}): for
     * library code that takes points as rows, e.g. the GP posterior. Its diagonal is {@link Network#diagonal}.
     */
    static Kernel nngpOnRows(Network net, Shape in) {
        return new OnRows(net, in, false);
    }

    /**
     * The NNGP or NTK of a network on inputs of shape {@code in} as a kernel of rows [N, prod(in)]:
     * k_rows(r, r') = k(reshape(r, in), reshape(r', in)), row-major (the layout of {@link #rows}); tiles and solvers
     * take points as rows. Computed by {@link LimitsOnRows} (in blocks of pairs for images). A value: equal for equal
     * networks, shapes and kernels.
     *
     * @param network the architecture
     * @param in the per-input shape
     * @param ntk the NTK Theta (else the NNGP Sigma)
     */
    public record OnRows(Network network, Shape in, boolean ntk) implements Kernel {

        @Override
        public INDArray gram(INDArray a, INDArray b) {
            KernelPair k = new LimitsOnRows(network, in).kernels(a, b);
            return ntk ? k.ntk() : k.nngp();
        }

        /** The Gram matrix computed in blocks of at most m x m pairs of inputs. */
        INDArray gram(INDArray a, INDArray b, int m) {
            KernelPair k = new LimitsOnRows(network, in).kernels(a, b, m);
            return ntk ? k.ntk() : k.nngp();
        }

        @Override
        public INDArray diagonal(INDArray a) {
            KernelPair k = new LimitsOnRows(network, in).diagonal(a);
            return ntk ? k.ntk() : k.nngp();
        }

        /** The side of the blocks of pairs ({@link LimitsOnRows#block}). */
        int block() {
            return new LimitsOnRows(network, in).block();
        }

        @Override
        public String toString() {
            return (ntk ? network.ntk() : network.nngp()) + " on rows of inputs " + in;
        }
    }

    /**
     * Both infinite-width kernels of a network on rows [N, prod(in)] reshaped to inputs of shape {@code in} (for the
     * dynamics, which take {@link InfiniteWidthKernels}). The layer algebra keeps, per pair of inputs, P (or P^2 with
     * pooling) spatial entries for P positions, so image inputs are evaluated in blocks of pairs whose state stays
     * under {@link #STATE_BYTES} (diagonal blocks of a symmetric Gram matrix by the symmetric path, the others
     * mirrored); the entries are those of one call on all pairs.
     *
     * @param network the architecture
     * @param in the per-input shape
     */
    public record LimitsOnRows(Network network, Shape in) implements InfiniteWidthKernels {

        /** The largest layer state of one block: 4 arrays (NNGP, NTK and a layer's two results) of 8-byte entries. */
        static final long STATE_BYTES = 256L << 20;

        /** The side of the square blocks of input pairs: 32 bytes per spatial entry of a pair within STATE_BYTES. */
        int block() {
            long perPair = 32L * (network.needsFullSpatial() ? (long) in.positions() * in.positions() : in.positions());
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) Math.floor(Math.sqrt((double) STATE_BYTES / perPair))));
        }

        @Override
        public KernelPair kernels(INDArray a, INDArray b) {
            return kernels(a, b, block());
        }

        /** Sigma and Theta computed in blocks of at most m x m pairs of inputs (vectors: in one call). */
        KernelPair kernels(INDArray a, INDArray b, int m) {
            INDArray u = inputs(a, in);
            INDArray v = a == b ? u : inputs(b, in);
            long n1 = u.size(0);
            long n2 = v.size(0);
            if (in.rank() == 0 || (n1 <= m && n2 <= m)) {
                return network.kernels(u, v);
            }
            INDArray sigma = Nd4j.create(DataType.DOUBLE, n1, n2);
            INDArray theta = Nd4j.create(DataType.DOUBLE, n1, n2);
            for (long i = 0; i < n1; i += m) {
                INDArray ui = Matrices.rows(u, i, Math.min(n1, i + m));
                for (long j = u == v ? i : 0; j < n2; j += m) {
                    boolean diagonal = u == v && i == j;
                    KernelPair kij = network.kernels(ui, diagonal ? ui : Matrices.rows(v, j, Math.min(n2, j + m)));
                    place(sigma, kij.nngp(), i, j, u == v && !diagonal);
                    place(theta, kij.ntk(), i, j, u == v && !diagonal);
                }
            }
            return new KernelPair(sigma, theta);
        }

        @Override
        public KernelPair diagonal(INDArray a) {
            return network.diagonal(inputs(a, in));
        }

        /** Block b at (i, j) of k, and its transpose at (j, i) when {@code mirror}. */
        private static void place(INDArray k, INDArray b, long i, long j, boolean mirror) {
            k.get(NDArrayIndex.interval(i, i + b.rows()), NDArrayIndex.interval(j, j + b.columns())).assign(b);
            if (mirror) {
                k.get(NDArrayIndex.interval(j, j + b.columns()), NDArrayIndex.interval(i, i + b.rows())).assign(b.transpose());
            }
        }
    }

    /**
     * The per-input shape of the inputs {@code raw} (as read from {@code xFile}, before any flattening) for the
     * network of {@code archFile}: the file's {@code "input"} field when it has one (its size must be the values per
     * input of {@code raw}); else for IDX images [N, H, W] [H, W, 1] (reported to {@code log}) when the network takes
     * it and ends on a vector, otherwise the flattened rows [H W] (a fully-connected network); else the shape of
     * {@code raw} ([N, d] vectors, [N, L, C] signals, [N, H, W, C] images). The network must take it and end on a
     * vector ({@link #inputShape}).
     *
     * @throws IllegalArgumentException naming --arch, the input flag and file, the shapes and the expected field
     */
    static Shape rowShape(Path archFile, Network net, String flag, Path xFile, INDArray raw, Consumer<String> log) {
        long perInput = raw.length() / Math.max(1, raw.size(0));
        Optional<Shape> declared = declaredInput(archFile);
        Shape in;
        if (declared.isPresent()) {
            in = declared.get();
            if (size(in) != perInput) {
                throw new IllegalArgumentException("--arch " + archFile + " declares \"input\": " + fieldText(in) + " ("
                        + size(in) + " values per input) but " + flag + " " + xFile + " has shape " + Arrays.toString(raw.shape())
                        + " (" + perInput + " values per input): expected an \"input\" field whose product is " + perInput);
            }
        } else if (raw.rank() == 3 && IdxFiles.isIdx(xFile)
                && endsOnVector(net, Shape.image(Math.toIntExact(raw.size(1)), Math.toIntExact(raw.size(2)), 1))) {
            in = Shape.image(Math.toIntExact(raw.size(1)), Math.toIntExact(raw.size(2)), 1);
            log.accept("--arch " + archFile + " has no \"input\" field: the IDX images of " + flag + " are taken as "
                    + fieldText(in) + " ([H, W, C], one channel)");
        } else if (raw.rank() == 3 && IdxFiles.isIdx(xFile)) {
            in = Shape.vector(Math.toIntExact(perInput)); // e.g. a fully-connected network: the images as rows
        } else {
            in = Shape.ofInput(raw.rank() == 1 ? new long[] {raw.size(0), 1} : raw.shape());
        }
        try {
            return inputShape(archFile, net, flag, xFile, inputs(rows(raw), in));
        } catch (IllegalArgumentException e) {
            if (declared.isEmpty() && in.rank() == 0) {
                throw new IllegalArgumentException(e.getMessage() + "; inputs given as rows need their per-input shape:"
                        + " expected the field \"input\": [H, W, C] (or [L, C]) in --arch " + archFile, e);
            }
            throw e;
        }
    }

    private static boolean endsOnVector(Network net, Shape in) {
        try {
            return net.outputShape(in).rank() == 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The per-input shape the --arch file records in its optional {@code "input"} field. */
    static Optional<Shape> declaredInput(Path archFile) {
        try {
            return ArchitectureFile.input(Files.readString(archFile));
        } catch (IOException e) {
            throw new IllegalArgumentException("--arch " + archFile + ": cannot be read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arch " + archFile + ": " + e.getMessage(), e);
        }
    }

    /** The architecture as one line of the file format with its per-input shape: what tile manifests record. */
    public static String describe(Network net, Shape in) {
        return ArchitectureFile.format(net, Parameterization.NTK, in).replaceAll("\\s*\\n\\s*", " ");
    }

    private static long size(Shape in) {
        return (long) in.positions() * in.channels();
    }

    private static String fieldText(Shape in) {
        int[] s = Arrays.copyOf(in.spatial(), in.rank() + 1);
        s[in.rank()] = in.channels();
        return Arrays.toString(s);
    }

    /** [N, ...] as rows [N, d], flattened row-major (the layout LayerNetwork expects). */
    static INDArray rows(INDArray x) {
        return x.rank() == 2 ? x : x.dup('c').reshape('c', x.size(0), x.length() / x.size(0));
    }

    /** Rows [N, d] as inputs [N, shape...] (the inverse of {@link #rows}). */
    static INDArray inputs(INDArray rows, Shape in) {
        if (in.rank() == 0) {
            return rows;
        }
        long[] shape = new long[in.rank() + 2];
        shape[0] = rows.size(0);
        for (int a = 0; a < in.rank(); a++) {
            shape[a + 1] = in.extent(a);
        }
        shape[shape.length - 1] = in.channels();
        if (rows.rank() != 2 || rows.columns() != size(in)) {
            throw new IllegalArgumentException("points of shape " + Arrays.toString(rows.shape()) + ": expected rows of "
                    + size(in) + " values, inputs of shape " + fieldText(in) + " flattened");
        }
        return rows.dup('c').reshape('c', shape);
    }

    private static void write(Path file, INDArray k) {
        ArrayFiles.write(file, k);
        System.out.printf("wrote %s  shape [%d, %d]  k[0,0] = %.6g%n", file, k.rows(), k.columns(), k.getDouble(0, 0));
    }
}
