package org.tangent4j.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native self-check: it passes in this (correctly configured) JVM, and in a JVM started with OpenBLAS's AVX-512
 * kernels forced on an AVX-512 CPU, where the solves are wrong (measured: a 20 x 20 solve off by 5.7e7), the first
 * Cholesky refuses with a message naming the environment variable, instead of returning wrong numbers.
 */
class NativeCheckTest {

    @Test
    void passesHere() {
        NativeCheck.ensure();
        INDArray a = Nd4j.createFromArray(new double[][] {{4, 1}, {1, 3}});
        assertThat(Cholesky.of("a", a).solve(Nd4j.createFromArray(5.0, 4.0)).toDoubleVector()).containsExactly(1.0, 1.0);
    }

    @Test
    void refusesWhenTheAvx512KernelsAreForced() throws IOException, InterruptedException {
        assumeTrue(Files.readString(Path.of("/proc/cpuinfo")).contains("avx512f"), "needs an AVX-512 CPU");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName());
        pb.environment().put("OPENBLAS_CORETYPE", "SkylakeX");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("computes wrong results").contains("OPENBLAS_CORETYPE=Haswell")
                .doesNotContain("solved");
    }

    /** A Cholesky solve in a fresh JVM. */
    public static final class Probe {
        public static void main(String[] args) {
            try {
                INDArray a = Nd4j.createFromArray(new double[][] {{4, 1}, {1, 3}});
                System.out.println("solved " + Cholesky.of("a", a).solve(Nd4j.createFromArray(5.0, 4.0)));
            } catch (RuntimeException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
