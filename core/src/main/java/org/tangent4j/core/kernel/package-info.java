/** Kernels k(x, x') on point sets whose rows are points, and their Gram matrices. */
package org.tangent4j.core.kernel;
