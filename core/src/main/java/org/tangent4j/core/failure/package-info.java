/**
 * The error policy of tangent4j, followed by every public method of core and autodiff:
 * <ul>
 *   <li><b>null</b> where a value is required: {@link java.lang.NullPointerException} whose message names the
 *       argument ({@code "kernel = null: expected a Kernel"} or just {@code "kernel"}).</li>
 *   <li><b>a bad argument</b> (shape, range, non-finite entries, inconsistent settings, a step above a stability
 *       bound, a checkpoint that does not match the run it should resume): {@link java.lang.IllegalArgumentException}
 *       whose message names the argument, shows its value and says what was expected, e.g.
 *       {@code "x2 has 3 columns (shape [5, 3]): expected 2 (the input dimension d of x1)"}. Nothing is silently
 *       clipped or corrected.</li>
 *   <li><b>divergence</b> of an iteration (its objective became NaN or infinite): {@link
 *       org.tangent4j.core.failure.DivergenceException}, with the step, the step size and the last finite value.</li>
 *   <li><b>numerical failure</b> on valid input (a matrix not positive definite after the allowed jitter, a routine
 *       that did not converge, an accuracy that cannot be reached): {@link
 *       org.tangent4j.core.failure.NumericalFailureException}.</li>
 *   <li>files that cannot be read or written: {@link java.io.IOException} (or {@link java.io.UncheckedIOException}
 *       where the caller did not do the I/O itself), naming the file.</li>
 * </ul>
 * {@link java.lang.IllegalStateException} is reserved for a broken internal invariant (a bug in tangent4j), never for
 * something the caller can fix.
 */
package org.tangent4j.core.failure;
