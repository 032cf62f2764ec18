/**
 * What the example programs share: seeded toy data, least-squares fits of scaling laws, resumable ledgers of finished
 * units, PNG plots (XChart), CSV tables with their settings in the header, progress lines, ND4J thread settings.
 */
package org.tangent4j.examples.support;
