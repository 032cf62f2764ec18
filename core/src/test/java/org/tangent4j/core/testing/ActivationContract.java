package org.tangent4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tangent4j.core.arch.Activation;

/**
 * The contract of {@link Activation}, run against every implementation by a subclass per activation:
 * sigma' = the central finite difference of sigma (away from kinks), and the batch forms {@code values} and
 * {@code derivatives} give exactly the scalar {@code value} and {@code derivative} entry by entry.
 */
public abstract class ActivationContract {

    /** The activation under test. */
    protected abstract Activation activation();

    /**
     * Points where sigma is differentiable with a margin larger than the finite-difference step (the default avoids
     * the kink at 0 of the piecewise-linear family).
     */
    protected double[] points() {
        return new double[] {-3.7, -1.3, -0.41, -0.05, 0.07, 0.5, 1.1, 2.9, 6.0};
    }

    @Test
    void derivativeIsTheCentralDifferenceOfTheValue() {
        Activation s = activation();
        double h = 1e-5;
        for (double u : points()) {
            double fd = (s.value(u + h) - s.value(u - h)) / (2 * h);
            // truncation h^2 |s'''| / 6 <= ~1e-10 for the stock activations, rounding eps |s| / h ~ 1e-11 |s|
            Numeric.assertClose(s.derivative(u), fd, 1e-8, 1e-9 * (1 + Math.abs(s.value(u))));
        }
    }

    @Test
    void batchFormsAgreeWithTheScalarOnes() {
        Activation s = activation();
        double[] u = points();
        double[] values = s.values(u.clone());
        double[] derivatives = s.derivatives(u.clone());
        assertThat(values).hasSize(u.length);
        assertThat(derivatives).hasSize(u.length);
        for (int i = 0; i < u.length; i++) {
            assertThat(values[i]).as("values()[%d] at u = %s", i, u[i]).isEqualTo(s.value(u[i]));
            assertThat(derivatives[i]).as("derivatives()[%d] at u = %s", i, u[i]).isEqualTo(s.derivative(u[i]));
        }
    }

    @Test
    void hasAName() {
        assertThat(activation().id()).isNotBlank();
    }
}
