package org.tangent4j.core.tiles;

import java.util.Locale;

/**
 * Progress of a tiled computation after each finished tile.
 *
 * @param done finished tiles (including those found finished from an earlier run)
 * @param total tiles to finish
 * @param resumed tiles found finished when the computation started
 * @param seconds time spent in this run
 * @param etaSeconds estimated time to finish: seconds per entry computed in this run times the entries left
 */
public record TileProgress(int done, int total, int resumed, double seconds, double etaSeconds) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "tile %d/%d%s, %.0f%%, %s elapsed, ETA %s", done, total,
                resumed > 0 ? " (" + resumed + " resumed)" : "", 100.0 * done / total, clock(seconds),
                done == total ? "0 s" : clock(etaSeconds));
    }

    /** Seconds as "12 s", "3.5 min" or "1.2 h". */
    public static String clock(double s) {
        if (Double.isNaN(s)) {
            return "?";
        }
        return s < 120 ? String.format(Locale.ROOT, "%.0f s", s)
                : s < 7200 ? String.format(Locale.ROOT, "%.1f min", s / 60) : String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}
