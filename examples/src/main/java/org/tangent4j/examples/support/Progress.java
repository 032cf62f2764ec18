package org.tangent4j.examples.support;

import java.io.PrintStream;

/**
 * A one-line progress display on standard error ({@code label [#####.....] 12/40  3.1 s}), redrawn in place
 * on a terminal and printed every ~10% otherwise, so long runs show that they are alive.
 *
 * <p>Worker threads may report out of order (a thread that finished unit 2 can call after one that finished unit 6):
 * the display shows the largest count reported so far, so it never goes backwards.
 */
public final class Progress {

    private final String label;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final boolean terminal;
    private long shown = -1;
    private long lastDecile = -1;

    private Progress(String label, long total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = Math.max(total, 1);
        this.out = out;
        this.terminal = terminal;
    }

    /** Progress on standard error. */
    public static Progress of(String label, long total) {
        return new Progress(label, total, System.err, System.console() != null);
    }

    /** Progress written to {@code out} as lines (not redrawn in place), e.g. to test what is printed. */
    public static Progress lines(String label, long total, PrintStream out) {
        return new Progress(label, total, out, false);
    }

    /**
     * Reports that {@code done} of the total units are finished (callable from several threads). A count below one
     * already shown is a late report and prints nothing.
     */
    public synchronized void update(long done) {
        if (done <= shown) {
            return;
        }
        long decile = done * 10 / total;
        if (!terminal && decile == lastDecile && done < total) {
            return;
        }
        shown = done;
        lastDecile = decile;
        int bar = 30;
        int filled = (int) (bar * Math.min(done, total) / total);
        String line = String.format("%-28s [%s%s] %d/%d  %.1f s", label, "#".repeat(filled), ".".repeat(bar - filled),
                done, total, (System.nanoTime() - start) / 1e9);
        if (terminal) {
            out.print("\r" + line + (done >= total ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
