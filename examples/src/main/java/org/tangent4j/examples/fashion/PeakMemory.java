package org.tangent4j.examples.fashion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident memory (Linux VmHWM: JVM heap, ND4J's native arrays and mapped files together). */
public final class PeakMemory {

    private PeakMemory() {
    }

    /** Peak resident bytes so far, or -1 where /proc/self/status is not available. */
    public static long bytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Peak resident memory in GiB (NaN when unknown). */
    public static double gib() {
        long b = bytes();
        return b < 0 ? Double.NaN : b / (double) (1L << 30);
    }
}
