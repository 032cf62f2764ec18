/**
 * Kernel regression and classification at data-set scale: features and their preprocessing with training statistics,
 * targets (class labels become centred one-hot columns, as in Lee et al. 2018), the ridge solve of
 * (K + lambda I) A = Y by Cholesky or preconditioned conjugate gradients chosen by size and memory, the ridge chosen on
 * a held-out part, test predictions, and their evaluation (mean squared error, accuracy, confusion matrix).
 */
package org.tangent4j.core.regression;
