package org.tangent4j.core.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Memory estimates made before allocating, and refusals that say what to do instead.
 *
 * <p>Two pools: ND4J arrays live in native (off-heap) memory, which ND4J 1.0.0-M2.1 on CPU does not bound by any
 * JVM or JavaCPP limit (measured: a 4 GB array is created under {@code -Xmx1g}), so the bound is the machine's
 * physical memory ({@code MemAvailable} in {@code /proc/meminfo}); a request beyond it ends with the operating system
 * killing the process. Java arrays live on the heap, bounded by the JVM's maximum heap ({@code -Xmx}), and one Java
 * array holds at most 2^31 - 1 entries. Each refusal is an {@link IllegalArgumentException} naming the quantity,
 * the bytes it needs, what is available and what to do instead, e.g.
 * {@code "the NNGP and NTK matrices [40000, 40000]: 25.6 GB of native memory needed, 21.9 GB available
 * (MemAvailable in /proc/meminfo; 23.4 GB physical); use fewer points, ..."}.
 */
public final class Memory {

    /** Bytes per float64 entry. */
    public static final long DOUBLE_BYTES = Double.BYTES;

    /** The largest Java array the JVM allocates (a few below Integer.MAX_VALUE on HotSpot). */
    public static final long MAX_JAVA_ARRAY = Integer.MAX_VALUE - 8;

    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private Memory() {
    }

    /**
     * The number of entries of an array of this shape, prod(shape), in exact long arithmetic.
     *
     * @param quantity what the array holds, for the message when the product overflows a long
     */
    public static long entries(String quantity, long... shape) {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException(quantity + " has a negative dimension " + s + ": expected sizes >= 0");
            }
            try {
                n = Math.multiplyExact(n, s);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(quantity + " has more than 2^63 entries: expected a size that fits in memory");
            }
        }
        return n;
    }

    /** The bytes of a float64 array of this shape, 8 prod(shape), in exact long arithmetic. */
    public static long doubles(String quantity, long... shape) {
        try {
            return Math.multiplyExact(entries(quantity, shape), DOUBLE_BYTES);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(quantity + " needs more than 2^63 bytes: expected a size that fits in memory");
        }
    }

    /** The JVM's maximum heap ({@code -Xmx}, else a quarter of physical memory by default), in bytes. */
    public static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Physical memory ({@code MemTotal} of /proc/meminfo; -1 where that file does not exist). */
    public static long physical() {
        return memInfo("MemTotal");
    }

    /**
     * The system property that caps the native memory a computation may assume, e.g. {@code -Dtangent4j.maxNative=8g}
     * (bytes, or with a suffix k, m, g, t), to leave room for other processes.
     */
    public static final String MAX_NATIVE_PROPERTY = "tangent4j.maxNative";

    /**
     * Native memory available now: {@code MemAvailable} of /proc/meminfo (free memory plus reclaimable caches, as
     * the kernel estimates it), at most the {@link #MAX_NATIVE_PROPERTY} cap when set; -1 where neither is known
     * (then native requests are not checked).
     */
    public static long availableNative() {
        long available = memInfo("MemAvailable");
        String cap = System.getProperty(MAX_NATIVE_PROPERTY);
        if (cap == null || cap.isBlank()) {
            return available;
        }
        long c = parseBytes(cap);
        return available < 0 ? c : Math.min(available, c);
    }

    /** "8g" -&gt; 8 * 2^30 bytes (suffixes k, m, g, t: powers of 1024; none: bytes). */
    static long parseBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        try {
            long v = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1).trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, 1L << shift);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(MAX_NATIVE_PROPERTY + " = '" + text + "': expected a byte count such as 8g, 512m or 1000000");
        }
    }

    /**
     * Requires {@code bytes} of native memory (ND4J arrays) to be available.
     *
     * @param quantity what will be allocated, e.g. "the NNGP and NTK matrices [40000, 40000]"
     * @param advice what to do instead, e.g. "use fewer points or compute the matrix in blocks of rows"
     * @throws IllegalArgumentException if {@code bytes} exceeds {@link #availableNative()}
     */
    public static void requireNative(String quantity, long bytes, String advice) {
        long available = availableNative();
        if (available >= 0 && bytes > available) {
            String cap = System.getProperty(MAX_NATIVE_PROPERTY);
            throw new IllegalArgumentException(quantity + ": " + format(bytes) + " of native memory needed, " + format(available)
                    + " available (MemAvailable in /proc/meminfo" + (cap == null || cap.isBlank() ? "" : ", at most -D" + MAX_NATIVE_PROPERTY + "=" + cap)
                    + "; " + format(physical()) + " physical); " + advice);
        }
    }

    /**
     * Requires one Java array of {@code entries} doubles to fit in the heap: at most {@link #MAX_JAVA_ARRAY} entries
     * and 8 entries bytes at most {@link #maxHeap()}.
     *
     * @throws IllegalArgumentException otherwise, naming the quantity, the size and the limit
     */
    public static void requireHeapArray(String quantity, long entries, String advice) {
        if (entries > MAX_JAVA_ARRAY) {
            throw new IllegalArgumentException(quantity + ": " + entries + " entries in one Java array needed, at most 2^31 - 1"
                    + " possible; " + advice);
        }
        requireHeap(quantity, entries * DOUBLE_BYTES, advice);
    }

    /**
     * Requires {@code bytes} of Java heap: at most {@link #maxHeap()}.
     *
     * @throws IllegalArgumentException otherwise, naming the quantity, the size and the maximum heap
     */
    public static void requireHeap(String quantity, long bytes, String advice) {
        long max = maxHeap();
        if (bytes > max) {
            throw new IllegalArgumentException(quantity + ": " + format(bytes) + " of Java heap needed, the JVM's maximum heap is "
                    + format(max) + " (-Xmx); " + advice);
        }
    }

    /** Bytes in decimal units with three significant digits: "512 B", "12.8 GB". */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
    }

    private static long memInfo(String key) {
        try {
            return Files.isReadable(MEMINFO) ? parseMemInfo(Files.readString(MEMINFO), key) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The value of {@code key} in /proc/meminfo text ("MemAvailable:   22917608 kB"), in bytes; -1 if absent. */
    static long parseMemInfo(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + ":")) {
                String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                long v = Long.parseLong(parts[0]);
                return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? v * 1024 : v;
            }
        }
        return -1;
    }
}
