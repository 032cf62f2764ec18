package org.tangent4j.autodiff.activation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.testing.ActivationContract;
import org.tangent4j.core.testing.Float64;

/** core's {@link ActivationContract} for {@link SameDiffActivation}: stock forms and a user's expression. */
@ExtendWith(Float64.class)
class SameDiffActivationContractTest {

    @Nested class Tanh extends ActivationContract { @Override protected Activation activation() { return SameDiffActivation.of(SmoothActivation.TANH); } }
    @Nested class Gelu extends ActivationContract { @Override protected Activation activation() { return SameDiffActivation.of(SmoothActivation.GELU); } }
    @Nested class LeakyRelu extends ActivationContract { @Override protected Activation activation() { return SameDiffActivation.of(Activations.leakyRelu(0.1)); } }
    @Nested class Erf extends ActivationContract { @Override protected Activation activation() { return SameDiffActivation.of(Activations.erf()); } }

    @Nested
    class Swish extends ActivationContract {
        @Override
        protected Activation activation() {
            return SameDiffActivation.of("swish", u -> u.mul(u.getSameDiff().nn.sigmoid(u)));
        }
    }

    @Test
    void equalWhenTheyAreTheFormOfEqualStockActivationsOrTheSameExpression() {
        assertThat(SameDiffActivation.of(Activations.leakyRelu(0.1))).isEqualTo(SameDiffActivation.of(Activations.leakyRelu(0.1)))
                .hasSameHashCodeAs(SameDiffActivation.of(Activations.leakyRelu(0.1)))
                .isNotEqualTo(SameDiffActivation.of(Activations.leakyRelu(0.2)));
        java.util.function.UnaryOperator<org.nd4j.autodiff.samediff.SDVariable> swish = u -> u.mul(u.getSameDiff().nn.sigmoid(u));
        assertThat(SameDiffActivation.of("swish", swish)).isEqualTo(SameDiffActivation.of("swish", swish))
                .isNotEqualTo(SameDiffActivation.of("swish", u -> u.mul(u.getSameDiff().nn.sigmoid(u))))
                .isNotEqualTo(SameDiffActivation.of("other", swish));
    }
}
