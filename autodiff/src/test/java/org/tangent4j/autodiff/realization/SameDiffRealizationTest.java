package org.tangent4j.autodiff.realization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.arch.DenseStack;
import org.tangent4j.core.arch.Parameterization;
import org.tangent4j.core.arch.SmoothActivation;
import org.tangent4j.core.testing.Numeric;
import org.tangent4j.core.testing.Float64;

@ExtendWith(Float64.class)
class SameDiffRealizationTest {

    private static DenseNetwork tanhNet(Parameterization p) {
        DenseStack stack = DenseStack.fullyConnected(2, SmoothActivation.TANH, 1.3, 0.2).withParameterization(p);
        return DenseNetworks.realize(stack, 3, 5, 2, 11);
    }

    @Test
    void jacobianMatchesCentralDifferencesInBothParameterizations() {
        for (Parameterization p : Parameterization.values()) {
            DenseNetwork f = tanhNet(p);
            INDArray x = Numeric.gaussian(3, 4, 3);
            // central differences with h = 1e-5 have truncation error ~h^2 |f'''| ~ 1e-10 and rounding ~1e-11
            Numeric.assertClose(f.jacobian(x), FiniteDifferences.jacobian(f, x, 1e-5), 1e-7, 1e-9);
        }
    }

    @Test
    void vjpIsJacobianTransposeTimesCotangent() {
        DenseNetwork f = tanhNet(Parameterization.NTK);
        INDArray x = Numeric.gaussian(4, 3, 3);
        INDArray v = Numeric.gaussian(5, 3, 2);
        INDArray expected = f.jacobian(x).transpose().mmul(v.ravel().reshape(6, 1)).reshape(f.parameterCount());
        // the same sums in a different order: float64 rounding only
        Numeric.assertClose(f.vjp(x, v), expected, 1e-12, 1e-13);
    }

    @Test
    void flatThetaRoundTripsAndMovesTheFunction() {
        DenseNetwork f = tanhNet(Parameterization.NTK);
        assertThat(f.parameterNames()).containsExactly("layers.0.W", "layers.0.b", "layers.2.W", "layers.2.b", "layers.4.W", "layers.4.b");
        assertThat(f.parameterCount()).isEqualTo(3 * 5 + 5 + 5 * 5 + 5 + 5 * 2 + 2);
        INDArray theta = f.parameters();
        // layout: layers.0.W flattened row-major first
        assertThat(theta.getDouble(1)).isEqualTo(f.parameter("layers.0.W").getDouble(0, 1));
        INDArray x = Numeric.gaussian(6, 2, 3);
        INDArray before = f.apply(x);
        INDArray moved = theta.add(0.1);
        f.setParameters(moved);
        assertThat(f.parameters()).isEqualTo(moved);
        assertThat(Numeric.relativeError(f.apply(x), before)).isGreaterThan(1e-3);
        f.setParameters(theta);
        assertThat(f.apply(x)).isEqualTo(before);
    }

    @Test
    void denseForwardMatchesTheNtkFormula() {
        DenseStack stack = DenseStack.fullyConnected(1, SmoothActivation.TANH, 1.5, 0.3);
        DenseNetwork f = DenseNetworks.realize(stack, 2, 4, 1, 5);
        INDArray x = Numeric.gaussian(1, 3, 2);
        INDArray h = Nd4j.math.tanh(x.mmul(f.parameter("layers.0.W")).muli(1.5 / Math.sqrt(2))
                .addiRowVector(f.parameter("layers.0.b").mul(0.3)));
        INDArray expected = h.mmul(f.parameter("layers.2.W")).muli(1.5 / Math.sqrt(4))
                .addiRowVector(f.parameter("layers.2.b").mul(0.3));
        // one formula evaluated by two routes: rounding only
        Numeric.assertClose(f.apply(x), expected, 1e-13, 1e-14);
        assertThat(DenseNetworks.realize(stack, 2, 4, 1, 5).parameters()).isEqualTo(f.parameters());
    }

    @Test
    void savedParametersReloadExactly(@TempDir Path dir) throws Exception {
        DenseNetwork f = tanhNet(Parameterization.STANDARD);
        f.save(dir);
        assertThat(dir.resolve("layers.0.W.npy")).exists();
        assertThat(Files.readString(dir.resolve("arch.json"))).contains("\"standard\"", "\"tanh\"", "\"w_std\" : 1.3",
                "\"input\" : [ 3 ]", "\"width\" : 5", "\"width\" : 2");
        DenseNetwork g = DenseNetworks.load(dir);
        assertThat(g.parameter("layers.2.W").dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(g.parameters()).isEqualTo(f.parameters());
        assertThat(g.parameter("layers.0.b").shape()).containsExactly(5);
        assertThat(g.stack()).isEqualTo(f.stack());
        assertThat(g.widths()).containsExactly(3, 5, 5, 2);
        INDArray x = Numeric.gaussian(2, 3, 3);
        assertThat(g.apply(x)).isEqualTo(f.apply(x));
    }

    @Test
    void buildingTheGradientFunctionPrintsNothingUnderTheQuietConsole() {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        try (GradientFunctions.Restore quiet = GradientFunctions.quietConsole()) {
            tanhNet(Parameterization.NTK).jacobian(Numeric.gaussian(1, 1, 3));
        } finally {
            System.setOut(saved);
        }
        // SameDiff prints one "Added differentiated op" line per op; the application's opt-in filter drops them
        assertThat(captured.toString()).isEmpty();
    }

    @Test
    void concurrentCallsOnOneInstanceGiveTheSequentialResults() throws Exception {
        DenseNetwork f = tanhNet(Parameterization.NTK);
        INDArray x = Numeric.gaussian(9, 3, 3);
        INDArray expected = f.jacobian(x);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<INDArray>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 6; t++) {
                results.add(pool.submit(() -> f.jacobian(x)));
            }
            for (java.util.concurrent.Future<INDArray> r : results) {
                // synchronized methods: identical arithmetic, identical bits
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badGraphsAndInputsAreReportedWithTheirNumbers() {
        assertThatThrownBy(() -> tanhNet(Parameterization.NTK).apply(Numeric.gaussian(1, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x has 4 columns")
                .hasMessageContaining("expected 3");
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("in", DataType.DOUBLE, -1, 2);
        SDVariable w = sd.var("w", Nd4j.ones(DataType.DOUBLE, 2, 1));
        sd.var("unused", Nd4j.ones(DataType.DOUBLE, 3));
        SDVariable out = x.mmul(w);
        assertThatThrownBy(() -> SameDiffRealization.of(sd, "input", out.name()))
                .hasMessageContaining("input = 'input'").hasMessageContaining("[in]");
        assertThatThrownBy(() -> SameDiffRealization.of(sd, "in", "nope")).hasMessageContaining("output = 'nope'");
        assertThatThrownBy(() -> SameDiffRealization.of(sd, "in", out.name()))
                .hasMessageContaining("[unused] do not affect the output");
        SameDiffRealization ok = SameDiffRealization.of(sd, "in", out.name(), List.of("w"));
        assertThatThrownBy(() -> ok.setParameters(Nd4j.ones(DataType.DOUBLE, 3)))
                .hasMessageContaining("length P = 2");
    }
}
