/**
 * Ownership of native (off-heap) memory: scopes that free temporaries' buffers when they close instead of waiting for
 * the garbage collector (see {@link org.tangent4j.autodiff.memory.Temporaries}).
 */
package org.tangent4j.autodiff.memory;
