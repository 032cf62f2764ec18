package org.tangent4j.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every example shares: where outputs go and the master seed. */
public final class OutputOptions {

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "folder for the PNG plots and CSV tables (default: out/<example>)")
    Path outDir;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "master seed; every random draw derives from it (default: ${DEFAULT-VALUE})")
    public long seed;

    /** The output folder for an example of this name. */
    public Path dir(String example) {
        return outDir != null ? outDir : Path.of("out", example);
    }
}
