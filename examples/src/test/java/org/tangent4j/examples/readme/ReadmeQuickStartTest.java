package org.tangent4j.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java quick start, compiled and run exactly as printed (imports, then the body of a main method). */
class ReadmeQuickStartTest {

    @Test
    void quickStartCompilesAndRuns(@TempDir Path dir) throws Exception {
        List<String> blocks = JavaSnippets.blocks(Files.readString(Path.of("..", "README.md")));
        assertThat(blocks).as("README has a ```java block").isNotEmpty();
        String out = JavaSnippets.compileAndRun(blocks.subList(0, 1), "QuickStart", dir);
        // The printed limit is the recursion's value in the setting of the NTK paper's Figure 1 (0.2825 by hand).
        assertThat(out).contains("Theta(x0,x0): limit 0.2825");
    }
}
