/**
 * Examples {@code functional-gd} and {@code gp-posterior}: gradient descent on parameters against functional
 * gradient descent in an RKHS, kernel ridge regression reached by descent, and Gaussian-process prior and posterior
 * samples with RBF, NNGP and NTK kernels.
 */
package org.tangent4j.examples.functionspace;
