/**
 * The {@code fashion-mnist} example: test accuracy against training-set size for kernel regression with the NNGP and
 * NTK of fully-connected ReLU networks, an RBF kernel, and a finite network trained with tangent4j, next to the
 * published baselines of the data set.
 */
package org.tangent4j.examples.fashion;
