package org.tangent4j.autodiff.tangent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.realization.FiniteDifferences;
import org.tangent4j.autodiff.realization.RealizationFactory;
import org.tangent4j.autodiff.realization.RealizationFunction;
import org.tangent4j.autodiff.realization.SameDiffRealization;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.testing.Numeric;
import org.tangent4j.core.testing.Float64;

@ExtendWith(Float64.class)
class EmpiricalTangentKernelTest {

    /** Methods that contract the same products in different orders agree to float64 rounding. */
    private static final double AGREE = 1e-10;

    private static final EmpiricalTangentKernel JACOBIAN = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN);
    private static final EmpiricalTangentKernel STRUCTURED = EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED);

    private static void assertAgree(INDArray actual, INDArray expected) {
        assertThat(Numeric.relativeError(actual, expected)).isLessThan(AGREE);
    }

    /** The definition, from the finite-difference Jacobian: independent of both methods. */
    private static INDArray byDefinition(RealizationFunction f, INDArray x1, INDArray x2) {
        int k = f.outputDim();
        INDArray j = FiniteDifferences.jacobian(f, Nd4j.vstack(x1, x2), 1e-5);
        INDArray j1 = j.get(NDArrayIndex.interval(0, x1.rows() * k), NDArrayIndex.all());
        INDArray j2 = j.get(NDArrayIndex.interval(x1.rows() * k, j.rows()), NDArrayIndex.all());
        return j1.mmul(j2.transpose());
    }

    @Test
    void denseNetworkMethodsAgreeInBothParameterizationsWithTwoOutputs() {
        for (Parameterization p : Parameterization.values()) {
            DenseStack stack = DenseStack.fullyConnected(2, Activations.relu(), 1.4, 0.3).withParameterization(p);
            RealizationFunction f = DenseNetworks.realize(stack, 3, 16, 2, 7);
            INDArray x1 = Numeric.gaussian(1, 5, 3);
            INDArray x2 = Numeric.gaussian(2, 4, 3);
            TangentKernelMatrix structured = STRUCTURED.compute(f, x1, x2);
            TangentKernelMatrix jacobian = JACOBIAN.compute(f, x1, x2);
            assertThat(structured.jacobianParameters()).isEmpty();
            assertThat(structured.full().shape()).containsExactly(10, 8);
            assertAgree(structured.full(), jacobian.full());
            // a budget of two points' Jacobian rows forces 1-point blocks
            long twoRows = 2L * 2 * f.parameterCount() * 8;
            assertAgree(JACOBIAN.withMemoryBudget(twoRows).compute(f, x1, x2).full(), jacobian.full());
            // X1 = X2 takes the symmetric paths (one pass; blocks above the diagonal mirrored)
            TangentKernelMatrix sym = JACOBIAN.compute(f, x1, x1);
            assertAgree(JACOBIAN.withMemoryBudget(2 * twoRows).compute(f, x1, x1).full(), sym.full());
            assertAgree(STRUCTURED.compute(f, x1, x1).full(), sym.full());
            assertAgree(STRUCTURED.compute(f, x1, x1.dup()).full(), sym.full());
            // one point on a side: the strided output blocks of a one-point side (ND4J's strided interval fails there)
            INDArray one = Numeric.gaussian(3, 1, 3);
            TangentKernelMatrix single = STRUCTURED.compute(f, one, x2);
            assertAgree(single.full(), JACOBIAN.compute(f, one, x2).full());
            assertAgree(single.block(1, 0), single.full().get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(0, 2, 8)));
        }
    }

    @Test
    void structuredKernelMatchesTheDefinitionWithFiniteDifferences() {
        RealizationFunction f = DenseNetworks.realize(DenseStack.fullyConnected(1, SmoothActivation.TANH, 1.2, 0.5),
                2, 6, 2, 3);
        INDArray x1 = Numeric.gaussian(4, 3, 2);
        INDArray x2 = Numeric.gaussian(5, 2, 2);
        // the FD Jacobian has relative error ~1e-9; the kernel inherits it
        Numeric.assertClose(STRUCTURED.compute(f, x1, x2).full(), byDefinition(f, x1, x2), 1e-7, 1e-8);
    }

    @Test
    void residualBlockIsFullyStructuredAndAgrees() {
        SameDiffRealization f = Graphs.residual(3, 5, 2, 21);
        INDArray x1 = Numeric.gaussian(6, 4, 3);
        INDArray x2 = Numeric.gaussian(7, 3, 3);
        TangentKernelMatrix structured = STRUCTURED.compute(f, x1, x2);
        assertThat(structured.jacobianParameters()).isEmpty();
        assertAgree(structured.full(), JACOBIAN.compute(f, x1, x2).full());
        // FD Jacobian: relative error ~1e-9
        Numeric.assertClose(structured.full(), byDefinition(f, x1, x2), 1e-7, 1e-8);
    }

    @Test
    void handWrittenConv1dIsStructuredAndCausalPaddingFallsBack() {
        SameDiffRealization f = Graphs.conv1d(8, 2, 2, 31);
        INDArray x1 = Numeric.gaussian(8, 4, 8);
        INDArray x2 = Numeric.gaussian(9, 3, 8);
        TangentKernelMatrix structured = STRUCTURED.compute(f, x1, x2);
        assertThat(structured.jacobianParameters()).isEmpty();
        assertThat(structured.contractions()).containsEntry("kernel", Contraction.CONVOLUTION_WEIGHT_GRADIENTS)
                .containsEntry("wout", Contraction.MATRIX_MULTIPLY);
        assertAgree(structured.full(), JACOBIAN.compute(f, x1, x2).full());
        Numeric.assertClose(structured.full(), byDefinition(f, x1, x2), 1e-7, 1e-8);
        // CAUSAL padding is not among the recognised patterns: its kernel goes through the Jacobian
        SameDiffRealization causal = Graphs.conv1d(8, 2, 2, 31, PaddingMode.CAUSAL);
        TangentKernelMatrix mixed = STRUCTURED.compute(causal, x1, x2);
        assertThat(mixed.jacobianParameters()).containsExactly("kernel");
        assertAgree(mixed.full(), JACOBIAN.compute(causal, x1, x2).full());
        Numeric.assertClose(mixed.full(), byDefinition(causal, x1, x2), 1e-7, 1e-8);
    }

    @Test
    void handWrittenConv2dInNchwWithBiasInputDilationAndExplicitPaddingIsStructured() {
        SameDiffRealization f = Graphs.conv2dNchw(2, 33);
        INDArray x1 = Numeric.gaussian(10, 3, 84);
        INDArray x2 = Numeric.gaussian(11, 2, 84);
        TangentKernelMatrix structured = STRUCTURED.compute(f, x1, x2);
        assertThat(structured.jacobianParameters()).isEmpty();
        assertThat(structured.contractions()).containsEntry("bias", Contraction.BIAS);
        assertAgree(structured.full(), JACOBIAN.compute(f, x1, x2).full());
        Numeric.assertClose(structured.full(), byDefinition(f, x1, x2), 1e-7, 1e-8);
    }

    @Test
    void graphThatMixesExamplesFallsBackEntirely() {
        SameDiffRealization f = Graphs.batchCumulative(3, 5, 41);
        INDArray x = Numeric.gaussian(10, 4, 3);
        TangentKernelMatrix structured = STRUCTURED.compute(f, x, x);
        assertThat(structured.jacobianParameters()).containsExactly("w0", "w1");
        assertAgree(structured.full(), JACOBIAN.compute(f, x, x).full());
    }

    @Test
    void monteCarloIsTheMeanOfThePerSeedKernels() {
        DenseStack stack = DenseStack.fullyConnected(1, SmoothActivation.TANH, 1.0, 0.2);
        assertMonteCarloIsTheMean(seed -> DenseNetworks.realize(stack, 2, 8, 2, seed), 2);
        assertMonteCarloIsTheMean(seed -> Graphs.residual(2, 4, 2, seed), 2);
        assertMonteCarloIsTheMean(seed -> Graphs.conv1d(5, 2, 2, seed), 5);
    }

    private static void assertMonteCarloIsTheMean(RealizationFactory factory, int d) {
        long[] seeds = {1, 2, 3};
        INDArray x1 = Numeric.gaussian(11, 3, d);
        INDArray x2 = Numeric.gaussian(12, 2, d);
        MonteCarloKernels mc = EmpiricalTangentKernel.of(TangentKernelMethod.MONTE_CARLO).monteCarlo(factory, seeds, x1, x2);
        INDArray ntk = Nd4j.zeros(DataType.DOUBLE, 6, 4);
        INDArray nngp = Nd4j.zeros(DataType.DOUBLE, 6, 4);
        for (long s : seeds) {
            RealizationFunction f = factory.realize(s);
            ntk.addi(JACOBIAN.compute(f, x1, x2).full());
            INDArray f1 = f.apply(x1);
            INDArray f2 = f.apply(x2);
            for (int i = 0; i < 3; i++) {
                for (int a = 0; a < 2; a++) {
                    for (int j = 0; j < 2; j++) {
                        for (int b = 0; b < 2; b++) {
                            nngp.putScalar(i * 2 + a, j * 2 + b,
                                    nngp.getDouble(i * 2 + a, j * 2 + b) + f1.getDouble(i, a) * f2.getDouble(j, b));
                        }
                    }
                }
            }
        }
        assertThat(mc.samples()).isEqualTo(3);
        assertAgree(mc.ntk().full(), ntk.divi(3));
        assertAgree(mc.nngp().full(), nngp.divi(3));
    }

    @Test
    void tracedKernelSumsOrAveragesTheDiagonalOutputBlocks() {
        RealizationFunction f = DenseNetworks.realize(DenseStack.fullyConnected(1, Activations.relu(), 1, 0.1), 2, 8, 3, 5);
        INDArray x = Numeric.gaussian(13, 4, 2);
        TangentKernelMatrix t = STRUCTURED.compute(f, x);
        INDArray j = f.jacobian(x);
        INDArray expected = Nd4j.zeros(DataType.DOUBLE, 4, 4);
        for (int a = 0; a < 3; a++) {
            INDArray ja = Nd4j.create(DataType.DOUBLE, 4, f.parameterCount());
            for (int i = 0; i < 4; i++) {
                ja.getRow(i).assign(j.getRow(i * 3L + a));
            }
            expected.addi(ja.mmul(ja.transpose()));
        }
        assertAgree(t.traced(), expected);
        assertAgree(t.traced(OutputTrace.MEAN), expected.div(3));
        assertAgree(t.block(1, 2), t.full().get(NDArrayIndex.interval(1, 3, 12),
                NDArrayIndex.interval(2, 3, 12)));
    }

    @Test
    void badInputIsReportedWithItsNumbers() {
        RealizationFunction f = DenseNetworks.realize(DenseStack.fullyConnected(1, Activations.relu(), 1, 0.1), 2, 4, 1, 5);
        INDArray x = Numeric.gaussian(14, 3, 2);
        long p = f.parameterCount();
        assertThatThrownBy(() -> JACOBIAN.withMemoryBudget(100).compute(f, x, x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memoryBudget = 100 bytes").hasMessageContaining(String.valueOf(2 * p * 8));
        assertThatThrownBy(() -> STRUCTURED.compute(f, x, Numeric.gaussian(1, 2, 3)))
                .hasMessageContaining("x2 has 3 columns").hasMessageContaining("expected 2");
        assertThatThrownBy(() -> EmpiricalTangentKernel.of(TangentKernelMethod.MONTE_CARLO).compute(f, x, x))
                .hasMessageContaining("MONTE_CARLO");
        assertThatThrownBy(() -> EmpiricalTangentKernel.of(TangentKernelMethod.MONTE_CARLO)
                .monteCarlo(s -> f, new long[0], x, x)).hasMessageContaining("seeds = []");
        assertThat(List.of(TangentKernelMethod.values())).hasSize(3);
    }
}
