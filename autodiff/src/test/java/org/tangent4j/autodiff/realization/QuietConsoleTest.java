package org.tangent4j.autodiff.realization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

class QuietConsoleTest {

    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 2);
        SDVariable w = sd.var("w", DataType.DOUBLE, 2, 1);
        sd.setLossVariables(sd.math.tanh(x.mmul(w)).sum());
        return sd;
    }

    /** Building a gradient function leaves System.out alone; the opt-in filter drops only SameDiff's per-op lines. */
    @Test
    void buildingNeverTouchesSystemOutAndTheOptInFilterDropsOnlySameDiffNoise() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        try {
            GradientFunctions.build(graph());
            assertThat(System.out).isSameAs(capture);
            String unfiltered = captured.toString(StandardCharsets.UTF_8);
            assertThat(unfiltered).contains(GradientFunctions.NOISE); // SameDiff M2.1 prints it: the reason for the filter
            captured.reset();
            try (GradientFunctions.Restore quiet = GradientFunctions.quietConsole()) {
                GradientFunctions.build(graph());
                System.out.println("a line of the application");
            }
            assertThat(System.out).isSameAs(capture);
            assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("a line of the application" + System.lineSeparator());
        } finally {
            System.setOut(original);
        }
    }
}
