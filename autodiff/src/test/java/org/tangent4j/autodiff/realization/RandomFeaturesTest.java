package org.tangent4j.autodiff.realization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMatrix;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.testing.Numeric;
import org.tangent4j.core.testing.Float64;

@ExtendWith(Float64.class)
class RandomFeaturesTest {

    private static final int D = 3;
    private static final int P = 40;
    private static final int K = 2;

    /** (1/P) sum_p f_p(x1_i) f_p(x2_j) for ReLU features, in plain Java loops. */
    private static double[][] reluKernel(INDArray w, INDArray c, INDArray x1, INDArray x2) {
        double[][] out = new double[(int) x1.rows()][(int) x2.rows()];
        for (int i = 0; i < x1.rows(); i++) {
            for (int j = 0; j < x2.rows(); j++) {
                double s = 0;
                for (int p = 0; p < P; p++) {
                    double u = c.getDouble(p);
                    double v = c.getDouble(p);
                    for (int q = 0; q < D; q++) {
                        u += x1.getDouble(i, q) * w.getDouble(q, p);
                        v += x2.getDouble(j, q) * w.getDouble(q, p);
                    }
                    s += Math.max(u, 0) * Math.max(v, 0);
                }
                out[i][j] = s / P;
            }
        }
        return out;
    }

    private static void assertKernel(TangentKernelMatrix t, double[][] expected) {
        // the same sums in another order; 1e-12 relative is float64 rounding over P = 40 terms
        for (int a = 0; a < K; a++) {
            for (int b = 0; b < K; b++) {
                INDArray e = a == b ? Nd4j.createFromArray(expected) : Nd4j.zeros(DataType.DOUBLE, expected.length,
                        expected[0].length);
                Numeric.assertClose(t.block(a, b), e, 1e-12, 1e-14);
            }
        }
    }

    @Test
    void tangentKernelIsTheFeatureKernelForEveryTheta() {
        INDArray w = Numeric.gaussian(1, D, P);
        INDArray c = Numeric.gaussian(2, 1, P).reshape(P);
        SameDiffRealization f = RandomFeatures.relu(w, c, K, 3);
        INDArray x1 = Numeric.gaussian(4, 5, D);
        INDArray x2 = Numeric.gaussian(5, 3, D);
        double[][] expected = reluKernel(w, c, x1, x2);
        for (TangentKernelMethod m : new TangentKernelMethod[] {TangentKernelMethod.JACOBIAN, TangentKernelMethod.STRUCTURED}) {
            assertKernel(EmpiricalTangentKernel.of(m).compute(f, x1, x2), expected);
        }
        f.setParameters(f.parameters().add(Numeric.gaussian(6, 1, P * K).reshape((long) P * K).mul(3)));
        assertKernel(EmpiricalTangentKernel.of(TangentKernelMethod.STRUCTURED).compute(f, x1, x2), expected);
        assertKernel(EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN).compute(f, x1, x2), expected);
    }

    @Test
    void outputIsTheScaledFeatureCombination() {
        INDArray omega = Numeric.gaussian(7, D, P);
        INDArray phase = Numeric.gaussian(8, 1, P).reshape(P);
        SameDiffRealization f = RandomFeatures.fourier(omega, phase, K, 9);
        INDArray x = Numeric.gaussian(10, 4, D);
        INDArray phi = Nd4j.math.cos(x.mmul(omega).addiRowVector(phase)).muli(Math.sqrt(2));
        INDArray expected = phi.mmul(f.parameter(RandomFeatures.THETA)).divi(Math.sqrt(P));
        // rounding only
        Numeric.assertClose(f.apply(x), expected, 1e-12, 1e-13);
    }

    @Test
    void featureMapWithWrongWidthIsReported() {
        assertThatThrownBy(() -> RandomFeatures.of(D, 7, 1, x -> x.mul(2.0), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 3]").hasMessageContaining("[2, 7]");
        assertThat(RandomFeatures.of(D, D, 1, x -> x.mul(2.0), 1).parameterCount()).isEqualTo(D);
    }
}
