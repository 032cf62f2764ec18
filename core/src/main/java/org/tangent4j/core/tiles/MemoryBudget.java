package org.tangent4j.core.tiles;

import java.util.Locale;

/**
 * A memory budget in bytes, parsed from {@code 512m}, {@code 8g}, {@code 1.5g}, {@code 1048576} (k, m, g, t are
 * powers of 1024).
 *
 * @param name what the budget is called in messages, e.g. the option {@code --memory}
 * @param bytes the budget &gt; 0
 */
public record MemoryBudget(String name, long bytes) {

    /** The smallest tile side used: below it, per-tile overheads dominate. */
    public static final int MIN_TILE = 64;

    /** The largest tile side used: larger tiles only coarsen progress reports and resumption. */
    public static final int MAX_TILE = 4096;

    /**
     * Working bytes per tile entry while a tile is computed: the kernels produce up to two float64 [t, t] results
     * (NNGP and NTK in one pass) and the store converts one copy: 4 doubles.
     */
    public static final int WORK_BYTES_PER_ENTRY = 32;

    public MemoryBudget {
        if (bytes <= 0) {
            throw new IllegalArgumentException(name + " = " + bytes + " bytes: expected a positive size such as 8g");
        }
    }

    /**
     * Parses a size such as {@code 8g}.
     *
     * @param name the option's name, for messages (e.g. {@code --memory})
     */
    public static MemoryBudget parse(String name, String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!s.isEmpty()) {
            char last = s.charAt(s.length() - 1);
            int power = "kmgt".indexOf(last);
            if (power >= 0) {
                unit = 1L << (10 * (power + 1));
                s = s.substring(0, s.length() - 1);
            } else if (last == 'b') {
                s = s.substring(0, s.length() - 1);
            }
        }
        try {
            double v = Double.parseDouble(s);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return new MemoryBudget(name, (long) Math.min(Long.MAX_VALUE, v * unit));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " = " + text + ": expected a positive size such as 512m, 8g or 1.5g");
        }
    }

    /**
     * The tile side for computing tiles within a quarter of the budget: t = floor(sqrt(bytes / 4 / 32)), at most
     * {@link #MAX_TILE} and at most the matrix size.
     *
     * @throws IllegalArgumentException when the budget cannot hold even one tile of side {@link #MIN_TILE}
     */
    public int tileSide(int largestDimension) {
        long t = (long) Math.floor(Math.sqrt(bytes / 4.0 / WORK_BYTES_PER_ENTRY));
        int floor = Math.min(MIN_TILE, largestDimension);
        if (t < floor) {
            throw new IllegalArgumentException(name + " = " + describe() + " is too small for even one tile of "
                    + floor + " x " + floor + ": expected at least " + describe(4L * WORK_BYTES_PER_ENTRY * floor * floor));
        }
        return (int) Math.min(Math.min(t, MAX_TILE), largestDimension);
    }

    /** Whether {@code b} bytes fit in the budget. */
    public boolean fits(double b) {
        return b <= bytes;
    }

    /** The budget as text, e.g. 8.0 GiB. */
    public String describe() {
        return describe(bytes);
    }

    /** A byte count as text: 1.5 GiB, 300.0 MiB, 12.0 KiB. */
    public static String describe(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
}
