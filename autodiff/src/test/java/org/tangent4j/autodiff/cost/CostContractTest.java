package org.tangent4j.autodiff.cost;

import org.junit.jupiter.api.Nested;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tangent4j.core.functional.PointwiseLoss;
import org.tangent4j.core.testing.Numeric;

/** {@link CostContract} for every built-in cost and a user's own. */
class CostContractTest {

    @Nested
    class Squared extends CostContract {
        @Override protected CostFunctional cost() { return Costs.squared(); }
        @Override protected PointwiseLoss pointwise() { return PointwiseLoss.squared(); }
    }

    @Nested
    class Logistic extends CostContract {
        @Override protected CostFunctional cost() { return Costs.logistic(); }
        @Override protected PointwiseLoss pointwise() { return PointwiseLoss.logistic(); }

        /** Labels in {0, 1}. */
        @Override
        protected INDArray targets() {
            return Transforms.step(Numeric.gaussian(405, N, outputs()));
        }
    }

    @Nested
    class Huber extends CostContract {
        @Override protected CostFunctional cost() { return Costs.huber(0.5); }
        @Override protected PointwiseLoss pointwise() { return PointwiseLoss.huber(0.5); }
    }

    @Nested
    class SoftmaxCrossEntropy extends CostContract {
        @Override protected CostFunctional cost() { return Costs.softmaxCrossEntropy(); }
        @Override protected int outputs() { return 3; }

        /** Probabilities per row. */
        @Override
        protected INDArray targets() {
            return Transforms.softmax(Numeric.gaussian(406, N, 3), true);
        }
    }

    @Nested
    class Quantile extends CostContract {
        /** The pinball loss of the CostFunctional Javadoc, tau = 0.3 (no curvature bound declared). */
        @Override
        protected CostFunctional cost() {
            return (sd, f, y) -> {
                SDVariable r = y.sub(f);
                return sd.math.max(r.mul(0.3), r.mul(0.3 - 1)).mean();
            };
        }
    }
}
