/**
 * Benchmarks that print figures (never timed unit tests): infinite-width kernels, empirical tangent kernels, GP
 * regression and training cost against width, each with its FLOP or entry rate next to the machine's measured
 * float64 matrix-multiply rate ({@link org.tangent4j.examples.bench.Machine}). Run them with {@code ./tangent4j bench};
 * the figures and where they were measured are in {@code docs/benchmarks.md}.
 */
package org.tangent4j.examples.bench;
