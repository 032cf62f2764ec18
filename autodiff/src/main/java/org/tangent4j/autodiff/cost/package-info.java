/** Cost functionals written once as SameDiff expressions of the outputs, with duals, parameter and kernel gradients by autodiff. */
package org.tangent4j.autodiff.cost;
