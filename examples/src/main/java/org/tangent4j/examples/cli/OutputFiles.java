package org.tangent4j.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.tangent4j.autodiff.realization.DenseNetwork;

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

    /** Saves the network's parameters (.npy per parameter and params.json) when a folder was given. */
    static void saveNetwork(DenseNetwork net, Path dir) {
        if (dir == null) {
            return;
        }
        try {
            net.save(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save parameters to " + dir + ": " + e.getMessage(), e);
        }
    }
}
