/**
 * Reading and writing arrays: NumPy .npy (binary, exact, any rank) and plain numeric .csv (rank 2, one row per
 * line), chosen by the file extension.
 */
package org.tangent4j.core.io;
