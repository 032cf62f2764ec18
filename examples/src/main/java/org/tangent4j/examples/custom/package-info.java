/**
 * Example {@code custom-architecture}: a residual network written directly in SameDiff, its empirical NTK by two
 * methods that must agree, its Monte Carlo kernel over initialisations, and how it trains.
 */
package org.tangent4j.examples.custom;
