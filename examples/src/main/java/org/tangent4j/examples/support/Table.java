package org.tangent4j.examples.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A CSV table with named columns, written with a comment header ({@code # key = value} lines) that records how
 * the numbers were made (provenance), then the column names, then one line per row.
 */
public final class Table {

    private final List<String> columns;
    private final List<String> comments = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();

    private Table(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    /** A table with these columns. */
    public static Table of(String... columns) {
        return new Table(Arrays.asList(columns));
    }

    /** Adds a provenance line {@code # key = value}. */
    public Table note(String key, Object value) {
        comments.add(key + " = " + value);
        return this;
    }

    /** Adds a row; it must have one value per column. */
    public Table row(double... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values: expected " + columns.size() + " " + columns);
        }
        rows.add(values.clone());
        return this;
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /** Value at row r, column named c. */
    public double get(int r, String c) {
        int j = columns.indexOf(c);
        if (j < 0) {
            throw new IllegalArgumentException("column '" + c + "' not in " + columns);
        }
        return rows.get(r)[j];
    }

    /** One column as an array. */
    public double[] column(String c) {
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = get(r, c);
        }
        return out;
    }

    /** Writes the CSV (creating parent folders) and returns the path. */
    public Path save(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (Writer w = Files.newBufferedWriter(file)) {
                for (String c : comments) {
                    w.write("# " + c + "\n");
                }
                w.write(String.join(",", columns) + "\n");
                for (double[] r : rows) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < r.length; j++) {
                        if (j > 0) {
                            sb.append(',');
                        }
                        sb.append(format(r[j]));
                    }
                    w.write(sb.append('\n').toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write table " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Shortest round-trip decimal form; integers without ".0". */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
