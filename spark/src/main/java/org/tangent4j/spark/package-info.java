/**
 * Kernel regression on Apache Spark with the single-machine code: the kernel travels as its serializable description
 * ({@code KernelSpec}), its tiles are Spark tasks cached at MEMORY_AND_DISK, and the block preconditioned
 * conjugate-gradient solve runs its products where the tiles live (a broadcast direction block, per-partition products,
 * a tree aggregation), so nothing of size N^2 reaches the driver. Used by {@code ./tangent4j regress --spark MASTER}.
 */
package org.tangent4j.spark;
