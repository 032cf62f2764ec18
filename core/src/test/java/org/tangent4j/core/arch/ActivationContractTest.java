package org.tangent4j.core.arch;

import org.junit.jupiter.api.Nested;
import org.tangent4j.core.testing.ActivationContract;

/** {@link ActivationContract} for every {@link Activation} of core: each stock family and a user's own. */
class ActivationContractTest {

    @Nested class Relu extends ActivationContract { @Override protected Activation activation() { return Activations.relu(); } }
    @Nested class LeakyRelu extends ActivationContract { @Override protected Activation activation() { return Activations.leakyRelu(0.1); } }
    @Nested class Abs extends ActivationContract { @Override protected Activation activation() { return Activations.abs(); } }
    @Nested class Identity extends ActivationContract { @Override protected Activation activation() { return Activations.identity(); } }
    @Nested class Erf extends ActivationContract { @Override protected Activation activation() { return Activations.erf(); } }
    @Nested class ShiftedErf extends ActivationContract { @Override protected Activation activation() { return new ScaledErf(0.7, 1.9, -0.2); } }
    @Nested class Tanh extends ActivationContract { @Override protected Activation activation() { return SmoothActivation.TANH; } }
    @Nested class Sigmoid extends ActivationContract { @Override protected Activation activation() { return SmoothActivation.SIGMOID; } }
    @Nested class Gelu extends ActivationContract { @Override protected Activation activation() { return SmoothActivation.GELU; } }
    @Nested class Sin extends ActivationContract { @Override protected Activation activation() { return SmoothActivation.SIN; } }
    @Nested class Softplus extends ActivationContract { @Override protected Activation activation() { return SmoothActivation.SOFTPLUS; } }

    @Nested
    class Custom extends ActivationContract {
        @Override
        protected Activation activation() {
            // swish u sigmoid(u), derivative sigmoid(u) (1 + u (1 - sigmoid(u)))
            return new CustomActivation("swish", u -> u / (1 + Math.exp(-u)), u -> {
                double s = 1 / (1 + Math.exp(-u));
                return s * (1 + u * (1 - s));
            });
        }
    }
}
