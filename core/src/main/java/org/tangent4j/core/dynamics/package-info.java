/** Function-space training dynamics with a fixed kernel: kernel gradient descent and flow, and infinite-width ensembles. */
package org.tangent4j.core.dynamics;
