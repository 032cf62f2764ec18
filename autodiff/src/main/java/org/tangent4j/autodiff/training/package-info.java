/** Gradient descent on theta with tracking of loss, outputs, tangent-kernel drift and weight motion. */
package org.tangent4j.autodiff.training;
