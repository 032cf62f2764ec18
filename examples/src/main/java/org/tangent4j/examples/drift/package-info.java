/**
 * Example {@code kernel-drift}: how far the tangent kernel, single weights and the trained function move from the
 * linearized (lazy) model as the width grows, with log-log slopes.
 */
package org.tangent4j.examples.drift;
