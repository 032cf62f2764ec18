/** Argument validation with messages that name the argument, its value and the expectation. */
package org.tangent4j.core.check;
