package org.tangent4j.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.layers.LayerNetwork;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.MonteCarloKernels;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.io.ArrayFiles;
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;
import org.tangent4j.core.limits.KernelPair;

/**
 * {@code kernel --arch FILE.json}: the kernels of a network described by an architecture file
 * ({@link ArchitectureFile}), on vectors [N, d], signals [N, L, C] or NHWC images [N, H, W, C].
 */
final class ArchitectureKernels {

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

    static void run(Path file, Mode mode, INDArray x1, INDArray x2, int width, long seed, int samples, Path nngpFile,
            Path ntkFile) {
        Network net = read(file);
        if (mode == Mode.ANALYTIC) {
            KernelPair k = net.kernels(x1, x2);
            write(nngpFile, k.nngp());
            write(ntkFile, k.ntk());
            return;
        }
        Shape in = Shape.ofInput(x1.shape());
        INDArray r1 = rows(x1);
        INDArray r2 = x2 == x1 ? r1 : rows(x2);
        LayerNetwork f = LayerNetwork.realize(net, in, width, 1, seed);
        EmpiricalTangentKernel etk = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);
        if (mode == Mode.EMPIRICAL) {
            write(ntkFile, etk.compute(f, r1, r2).traced());
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

    /** [N, ...] as rows [N, d], flattened row-major (the layout LayerNetwork expects). */
    private static INDArray rows(INDArray x) {
        return x.rank() == 2 ? x : x.dup('c').reshape('c', x.size(0), x.length() / x.size(0));
    }

    private static void write(Path file, INDArray k) {
        ArrayFiles.write(file, k);
        System.out.printf("wrote %s  shape [%d, %d]  k[0,0] = %.6g%n", file, k.rows(), k.columns(), k.getDouble(0, 0));
    }
}
