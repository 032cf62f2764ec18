/**
 * The {@code ./tangent4j} command line (picocli): {@link org.tangent4j.examples.cli.Tangent4jCli} and its
 * subcommands, the example programs and the file tools {@code kernel}, {@code train}, {@code predict} and
 * {@code bench}, with the options they share (architecture, output folder).
 */
package org.tangent4j.examples.cli;
