/**
 * Example {@code custom-cost}: a pinball (quantile) cost written as a SameDiff expression, its dual from autodiff,
 * gradient descent on it against kernel gradient descent with the initial tangent kernel.
 */
package org.tangent4j.examples.customcost;
