package org.tangent4j.autodiff.realization;

import org.junit.jupiter.api.Nested;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.testing.Numeric;

/** {@link RealizationContract} for every {@link RealizationFunction}: dense networks, random features, a raw graph. */
class RealizationContractTest {

    @Nested
    class DenseTanhNtk extends RealizationContract {
        @Override
        protected RealizationFunction realization() {
            return DenseNetworks.realize(DenseStack.fullyConnected(2, SmoothActivation.TANH, 1.3, 0.2), 3, 5, 2, 11);
        }
    }

    @Nested
    class DenseGeluStandard extends RealizationContract {
        @Override
        protected RealizationFunction realization() {
            DenseStack stack = DenseStack.fullyConnected(1, SmoothActivation.GELU, 1.1, 0.3)
                    .withParameterization(Parameterization.STANDARD);
            return DenseNetworks.realize(stack, 2, 6, 1, 12);
        }
    }

    @Nested
    class FourierFeatures extends RealizationContract {
        @Override
        protected RealizationFunction realization() {
            return RandomFeatures.fourier(Numeric.gaussian(13, 2, 20), Numeric.gaussian(14, 1, 20).reshape(20), 2, 15);
        }
    }

    @Nested
    class ReluFeatures extends RealizationContract {
        @Override
        protected RealizationFunction realization() {
            // linear in theta: finite differences are exact whatever the kinks of the features
            return RandomFeatures.relu(Numeric.gaussian(16, 3, 30), Numeric.gaussian(17, 1, 30).reshape(30), 1, 18);
        }
    }

    @Nested
    class RawGraph extends RealizationContract {
        @Override
        protected RealizationFunction realization() {
            // f = sin(x W) V + c: a user's graph with a non-stock activation
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 2);
            SDVariable w = sd.var("w", Numeric.gaussian(19, 2, 4));
            SDVariable v = sd.var("v", Numeric.gaussian(20, 4, 3));
            SDVariable c = sd.var("c", Numeric.gaussian(21, 1, 3).reshape(3));
            SDVariable out = sd.math.sin(x.mmul(w)).mmul(v).add(c);
            return SameDiffRealization.of(sd, "x", out.name());
        }
    }
}
