/**
 * Gram matrices of any {@code Kernel} in tiles sized from a memory budget: the symmetric train-train matrix computed
 * once per pair of tiles, stored in memory or on disk (a manifest with shapes, settings and checksums, float64 or
 * float32), so a killed run resumes where it stopped and a finished one is reused; block products that stream the
 * tiles.
 */
package org.tangent4j.core.tiles;
