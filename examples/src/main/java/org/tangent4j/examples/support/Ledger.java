package org.tangent4j.examples.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finished units of an experiment (one trained network, one seed), appended to a file as each completes, so that a
 * run that was interrupted and is started again with the same settings reads the finished units instead of
 * recomputing them: long experiments resume rather than restart.
 *
 * <p>The file (e.g. {@code kernel-drift.partial.csv}) starts with {@code # settings = ...}; each later line is one
 * unit, its key then its values, in shortest round-trip decimals (so a resumed run's numbers equal the original's).
 * A file with other settings is discarded (with a message); a last line cut short by a kill is ignored. When the
 * experiment has written its final outputs, {@link #finish} deletes the file.
 */
public final class Ledger {

    private final Path file;
    private final Map<List<Double>, double[]> done = new HashMap<>();

    private Ledger(Path file) {
        this.file = file;
    }

    /**
     * Opens the ledger at {@code file} for an experiment with these settings (every option that changes a result).
     *
     * @throws UncheckedIOException if the file cannot be read or written
     */
    public static Ledger open(Path file, String settings) {
        Ledger ledger = new Ledger(file);
        String header = "# settings = " + settings.replace('\n', ' ');
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String[] lines = text.split("\n", -1);
                if (lines[0].equals(header)) {
                    // a complete line ends with '\n': the last element of the split is "" or a line cut short by a
                    // kill, which is dropped from the file so that the next unit starts on a line of its own
                    for (int i = 1; i < lines.length - 1; i++) {
                        ledger.load(lines[i]);
                    }
                    if (!lines[lines.length - 1].isEmpty()) {
                        Files.writeString(file, text.substring(0, text.lastIndexOf('\n') + 1), StandardCharsets.UTF_8);
                    }
                    if (!ledger.done.isEmpty()) {
                        System.out.printf("resuming: %d finished unit(s) read from %s%n", ledger.done.size(), file);
                    }
                    return ledger;
                }
                System.out.println("settings differ from " + file + ": its results are discarded, starting over");
            }
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the ledger " + file + ": " + e.getMessage(), e);
        }
        return ledger;
    }

    /**
     * The values of unit {@code key}: read from the ledger when it finished in an earlier run, else computed now by
     * {@code compute} and appended to the file before they are returned.
     */
    public double[] computeIfAbsent(double[] key, Supplier<double[]> compute) {
        double[] known = done.get(asList(key));
        if (known != null) {
            return known.clone();
        }
        double[] values = compute.get();
        StringBuilder line = new StringBuilder();
        line.append(key.length);
        for (double k : key) {
            line.append(',').append(Double.toString(k));
        }
        for (double v : values) {
            line.append(',').append(Double.toString(v));
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            w.write(line.append('\n').toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the ledger " + file + ": " + e.getMessage(), e);
        }
        done.put(asList(key), values.clone());
        return values;
    }

    /** Deletes the file: the experiment's outputs are complete. */
    public void finish() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the ledger " + file + ": " + e.getMessage(), e);
        }
    }

    private void load(String line) {
        String[] f = line.split(",");
        try {
            int k = Integer.parseInt(f[0]);
            double[] key = new double[k];
            double[] values = new double[f.length - 1 - k];
            for (int i = 0; i < k; i++) {
                key[i] = Double.parseDouble(f[1 + i]);
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = Double.parseDouble(f[1 + k + i]);
            }
            done.put(asList(key), values);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": unreadable line '" + line + "': expected count,key...,values...; "
                    + "delete the file to start over", e);
        }
    }

    private static List<Double> asList(double[] key) {
        return Arrays.stream(key).boxed().toList();
    }
}
