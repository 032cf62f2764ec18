/**
 * Functionals L : H_k -&gt; R on an RKHS and their functional derivatives (gradients, themselves elements of H_k):
 * the evaluation functional E_x, the squared norm, empirical costs sum_i c(f(x_i), y_i) of pointwise losses, sums,
 * scalings and the chain rule; functional gradient descent in representer form, kernel ridge regression as its
 * fixed point, and the parameter-space twin of the linear-kernel case.
 */
package org.tangent4j.core.functional;
