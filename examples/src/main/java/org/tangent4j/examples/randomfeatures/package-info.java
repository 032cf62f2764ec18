/**
 * Example {@code random-features}: the tangent kernel of random ReLU features converging to the arc-cosine kernel,
 * and gradient descent on the weights equal to kernel gradient descent in function space.
 */
package org.tangent4j.examples.randomfeatures;
