package org.tangent4j.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.autodiff.realization.GaussianDraws;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.examples.custom.ResidualNetwork;

/** The custom-architecture tutorial's code blocks, compiled and run as one program, exactly as printed. */
class TutorialSnippetsTest {

    private static final Pattern PRINTED = Pattern.compile("Theta\\(x1, x2\\) = (\\S+)");

    /**
     * The tutorial's network is the example's {@code ResidualNetwork.create(2, 256, 42)}: its printed structured kernel
     * entry equals that network's kernel by the other method (Jacobian contraction) to 1e-10.
     */
    @Test
    void customArchitectureTutorialCompilesRunsAndPrintsTheKernel(@TempDir Path dir) throws Exception {
        List<String> blocks = JavaSnippets.blocks(Files.readString(Path.of("..", "docs", "tutorials", "custom-architecture.md")));
        assertThat(blocks).hasSize(3);
        String out = JavaSnippets.compileAndRun(blocks, "CustomArchitectureTutorial", dir);
        Matcher m = PRINTED.matcher(out);
        assertThat(m.find()).as("printed: %s", out).isTrue();
        double printed = Double.parseDouble(m.group(1));
        INDArray xs = new GaussianDraws(7).next(10, 2);
        double viaJacobian = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN).compute(ResidualNetwork.create(2, 256, 42), xs)
                .traced().getDouble(0, 1);
        assertThat(printed).isCloseTo(viaJacobian, org.assertj.core.data.Offset.offset(1e-10 * Math.abs(viaJacobian)));
        assertThat(out).contains("over 4 seeds");
    }
}
