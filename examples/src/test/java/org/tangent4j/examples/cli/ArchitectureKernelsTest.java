package org.tangent4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.layers.ArchitectureFile;
import org.tangent4j.core.layers.Network;
import org.tangent4j.core.layers.Shape;

/** The kernels of an architecture on rows: blocks of pairs give the entries of one call on all pairs. */
class ArchitectureKernelsTest {

    private static final Network CNN = ArchitectureFile.parse("""
            {"parameterization": "ntk", "layers": [
              {"type": "conv", "filter": [3, 3], "padding": "same", "w_std": 1.2, "b_std": 0.1},
              {"type": "activation", "activation": "relu"},
              {"type": "conv", "filter": [2, 2], "padding": "valid", "w_std": 1.0, "b_std": 0.2},
              {"type": "activation", "activation": "erf"},
              {"type": "flatten"}, {"type": "dense", "w_std": 1.0, "b_std": 0.1}]}""");

    @Test
    void blocksOfPairsEqualOneCallOnAllPairs() {
        Shape in = Shape.image(5, 4, 2);
        Nd4j.getRandom().setSeed(7);
        INDArray a = Nd4j.randn(DataType.DOUBLE, 17, 40);
        INDArray b = Nd4j.randn(DataType.DOUBLE, 9, 40);
        INDArray ai = a.reshape('c', 17, 5, 4, 2);
        INDArray bi = b.reshape('c', 9, 5, 4, 2);
        for (boolean ntk : new boolean[] {false, true}) {
            ArchitectureKernels.OnRows k = new ArchitectureKernels.OnRows(CNN, in, ntk);
            INDArray sym = (ntk ? CNN.ntk() : CNN.nngp()).gram(ai, ai);
            INDArray cross = (ntk ? CNN.ntk() : CNN.nngp()).gram(ai, bi);
            // blocks of 4 pairs: 17 = 4 + 4 + 4 + 4 + 1 rows, diagonal blocks by the symmetric path, the rest mirrored
            assertThat(k.gram(a, a, 4).toDoubleMatrix()).isDeepEqualTo(sym.toDoubleMatrix());
            assertThat(k.gram(a, b, 4).toDoubleMatrix()).isDeepEqualTo(cross.toDoubleMatrix());
            assertThat(k.gram(a, a).toDoubleMatrix()).isDeepEqualTo(sym.toDoubleMatrix());
            assertThat(k.diagonal(a).toDoubleVector()).isEqualTo((ntk ? CNN.ntk() : CNN.nngp()).diagonal(ai).toDoubleVector());
        }
        ArchitectureKernels.LimitsOnRows both = new ArchitectureKernels.LimitsOnRows(CNN, in);
        assertThat(both.kernels(a, b, 5).ntk().toDoubleMatrix()).isDeepEqualTo(CNN.ntk().gram(ai, bi).toDoubleMatrix());
        // 28 x 28 images without pooling: 784 spatial entries per pair, blocks of 103 x 103 pairs (256 MiB of state)
        assertThat(new ArchitectureKernels.OnRows(CNN, Shape.image(28, 28, 1), false).block()).isEqualTo(103);
    }
}
