package org.tangent4j.core.limits;

import org.tangent4j.core.arch.Activation;
import org.tangent4j.core.arch.PiecewiseLinear;
import org.tangent4j.core.arch.ScaledErf;

/** Chooses the closed form of an activation's Gaussian expectations when one exists, adaptive quadrature otherwise. */
final class Expectations {

    private Expectations() {
    }

    static GaussianExpectation of(Activation s, boolean forceQuadrature) {
        if (!forceQuadrature && s instanceof PiecewiseLinear p) {
            return new PiecewiseLinearExpectation(p);
        }
        if (!forceQuadrature && s instanceof ScaledErf e) {
            return new ErfExpectation(e);
        }
        return forceQuadrature ? new AdaptiveQuadrature(s) : new MehlerExpectation(s);
    }
}
