package org.tangent4j.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Output paths and parameter folders of the file-based subcommands. */
final class OutputFiles {

    private OutputFiles() {
    }

    /** PREFIX + suffix, with the parent folder created. */
    static Path of(String prefix, String suffix) {
        Path p = Path.of(prefix + suffix);
        if (p.toAbsolutePath().getParent() != null) {
            p.toAbsolutePath().getParent().toFile().mkdirs();
        }
        return p;
    }

    /** How a network saves itself into a folder ({@code DenseNetwork::save}, {@code LayerNetwork::save}). */
    @FunctionalInterface
    interface Saving {
        void into(Path dir) throws IOException;
    }

    /** Saves a network (arch.json and one .npy per parameter) when a folder was given. */
    static void saveNetwork(Saving network, Path dir) {
        if (dir == null) {
            return;
        }
        try {
            network.into(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save parameters to " + dir + ": " + e.getMessage(), e);
        }
    }
}
