package org.tangent4j.examples.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InfiniteWidthCommandTest {

    /**
     * Reduced setting: the ReLU row reproduces the recursion's values in the setting of the NTK paper's Figure 1
     * (Theta = 0.2825, Sigma = 0.08125 at x0); tanh by its Hermite series agrees with adaptive quadrature (both
     * stated to 1e-10); the terms table marks ReLU as over the term limit (-1) and gives tanh a finite count at variance 1.
     */
    @Test
    void kernelShapesAndTermsForReluAndTanh(@TempDir Path dir) throws Exception {
        InfiniteWidthCommand cmd = new InfiniteWidthCommand();
        assertThat(new CommandLine(cmd).execute("--out-dir", dir.toString(), "--activations", "relu,tanh", "--angles", "21"))
                .isZero();
        var relu = cmd.result.activations().get(0);
        var tanh = cmd.result.activations().get(1);
        assertThat(relu.ntkAtZero()).isCloseTo(0.2825, within(1e-12));
        assertThat(relu.nngpAtZero()).isCloseTo(0.08125, within(1e-12));
        assertThat(tanh.quadratureDistance()).isLessThan(1e-8);
        var lines = Files.readAllLines(dir.resolve("hermite-terms.csv")).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines).contains("0,1,-1").anyMatch(l -> l.matches("1,1,[1-9][0-9]*"));
        for (String png : new String[] {"ntk-shapes.png", "nngp-shapes.png", "hermite-terms.png"}) {
            assertThat(Files.size(dir.resolve(png))).as(png).isPositive();
        }
    }
}
