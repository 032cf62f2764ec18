package org.tangent4j.core.arch;

/** One stage of a fully-connected stack: an affine map or an elementwise nonlinearity. */
public sealed interface Layer permits Dense, Nonlinearity {
}
