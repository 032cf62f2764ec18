package org.tangent4j.autodiff.tangent;

/**
 * How one parameter's share Theta_p((i, a), (j, b)) = sum_{q in p} dF(x_i)_a/dq dF(x_j)_b/dq of the tangent kernel
 * was contracted ({@link TangentKernelMatrix#contractions()}). s is the product of the scalar factors between the
 * parameter and its layer's pre-activation z, Delta^a = dF_a/dz (one row, or one row per output position p, per
 * example), A the layer input.
 */
public enum Contraction {
    /** Through the Jacobian rows of the parameter: Theta_p = J_p(X1) J_p(X2)^T in memory-bounded blocks. */
    JACOBIAN,
    /** Matrix-multiply weight z = s A W: Theta_W = s^2 (A_i . A_j) (Delta^a_i . Delta^b_j). */
    MATRIX_MULTIPLY,
    /**
     * Bias broadcast over the rows and any positions: Theta_b = s^2 (sum_p Delta^a_i(p)) . (sum_p Delta^b_j(p)) (a
     * dense layer has one position).
     */
    BIAS,
    /**
     * Convolution weight W [FH, FW, C, O] through the per-example weight gradients G^a_i = sum_p P_i(p)^T Delta^a_i(p)
     * ([FH FW C, O], P_i(p) the input patch read by output position p): Theta_W = s^2 &lt;G^a_i, G^b_j&gt;_F, formed one
     * filter tap at a time (N C O doubles per tap and output).
     */
    CONVOLUTION_WEIGHT_GRADIENTS,
    /**
     * Convolution weight through pairs of output positions (Novak et al. 2022):
     * Theta_W = s^2 sum_{p, p'} (P_i(p) . P_j(p')) (Delta^a_i(p) . Delta^b_j(p')), in blocks of examples; chosen
     * over {@link #CONVOLUTION_WEIGHT_GRADIENTS} when it needs fewer operations (few positions, many channels).
     */
    CONVOLUTION_POSITION_PAIRS
}
