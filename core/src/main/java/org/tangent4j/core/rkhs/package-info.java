/**
 * The reproducing kernel Hilbert space H_k of a kernel k, through its elements in representer form
 * f = sum_i beta_i k(x_i, .) ({@link org.tangent4j.core.rkhs.RkhsFunction}): evaluation, sums, scalings, the inner
 * product &lt;f, g&gt; = alpha^T K(X_f, X_g) beta, the norm and the reproducing property &lt;f, k(x, .)&gt; = f(x).
 */
package org.tangent4j.core.rkhs;
