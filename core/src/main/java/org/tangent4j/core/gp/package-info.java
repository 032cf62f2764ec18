/**
 * Gaussian processes f ~ GP(m, k): the prior, the joint distribution of training and test values, conditioning
 * on noisy observations (one Cholesky, then cheap posterior queries), the log marginal likelihood, and seeded
 * samples of functions from prior and posterior.
 */
package org.tangent4j.core.gp;
