package org.tangent4j.core.arch;

/** How a Dense layer's weights are scaled (see {@link Dense}). */
public enum Parameterization {
    /** W, b ~ N(0, 1); z = (w_std / sqrt(n_in)) x W + b_std b (Jacot et al. 2018). The default. */
    NTK,
    /** W ~ N(0, w_std^2 / n_in), b ~ N(0, b_std^2); z = x W + b. */
    STANDARD
}
