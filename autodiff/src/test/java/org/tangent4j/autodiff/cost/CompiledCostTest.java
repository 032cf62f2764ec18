package org.tangent4j.autodiff.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tangent4j.core.testing.Numeric.assertClose;
import static org.tangent4j.core.testing.Numeric.gaussian;
import static org.tangent4j.core.testing.Numeric.relativeError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tangent4j.autodiff.realization.DenseNetworks;
import org.tangent4j.autodiff.realization.GaussianDraws;
import org.tangent4j.autodiff.realization.GradientFunctions;
import org.tangent4j.autodiff.realization.SameDiffRealization;
import org.tangent4j.autodiff.tangent.EmpiricalTangentKernel;
import org.tangent4j.autodiff.tangent.TangentKernelMethod;
import org.tangent4j.core.arch.Activations;
import org.tangent4j.core.arch.DenseStack;

class CompiledCostTest {

    static final int N = 7;
    static final int K = 3;

    /** The pinball loss, as a user would add it: the few lines of the tutorial. */
    static final double TAU = 0.3;
    static final CostFunctional QUANTILE = (sd, f, y) -> {
        SDVariable r = y.sub(f);
        return sd.math.max(r.mul(TAU), r.mul(TAU - 1)).sum().div(sd.sizeAt(f, 0).castTo(f.dataType()));
    };

    static Map<String, CostFunctional> costs() {
        Map<String, CostFunctional> m = new LinkedHashMap<>();
        m.put("squared", Costs.squared());
        m.put("softmax-cross-entropy", Costs.softmaxCrossEntropy());
        m.put("logistic", Costs.logistic());
        m.put("huber", Costs.huber(0.5));
        m.put("quantile (custom)", QUANTILE);
        return m;
    }

    /** Targets that suit every cost: probabilities in (0, 1) summing to 1 per row. */
    static INDArray targets() {
        INDArray t = Transforms.softmax(gaussian(5, N, K), true);
        return t;
    }

    /** Duals against their closed forms, N dC/df: f - y, softmax(f) - y, sigmoid(f) - y, clip(f - y, +-delta). */
    @Test
    void dualsMatchClosedForms() {
        INDArray f = gaussian(1, N, K).muli(2);
        INDArray y = targets();
        assertClose(CompiledCost.of(Costs.squared(), K).dual(f, y), f.sub(y), 1e-13, 1e-15);
        assertClose(CompiledCost.of(Costs.softmaxCrossEntropy(), K).dual(f, y), Transforms.softmax(f, true).sub(y), 1e-12, 1e-15);
        assertClose(CompiledCost.of(Costs.logistic(), K).dual(f, y), Transforms.sigmoid(f, true).sub(y), 1e-12, 1e-15);
        INDArray r = f.sub(y);
        assertClose(CompiledCost.of(Costs.huber(0.5), K).dual(f, y), Transforms.min(Transforms.max(r, -0.5, true), 0.5, true), 1e-12, 1e-15);
        // Values: 1/(2N) |f - y|^2 directly.
        assertClose(CompiledCost.of(Costs.squared(), K).value(f, y), r.mul(r).sumNumber().doubleValue() / (2 * N), 1e-14, 0);
    }

    /** The functional derivative definition: C(f + t g) - C(f - t g) ~ 2t <d, g>_p_in for random directions g. */
    @Test
    void dualIsTheDerivativeWithRespectToTheDataInnerProduct() {
        INDArray f = gaussian(2, N, K);
        INDArray y = targets();
        for (var e : costs().entrySet()) {
            CompiledCost c = CompiledCost.of(e.getValue(), K);
            INDArray d = c.dual(f, y);
            for (long s = 0; s < 3; s++) {
                INDArray g = gaussian(10 + s, N, K);
                double t = 1e-6;
                double fd = (c.value(f.add(g.mul(t)), y) - c.value(f.sub(g.mul(t)), y)) / (2 * t);
                double inner = d.mul(g).sumNumber().doubleValue() / N; // <d, g>_p_in
                // Central difference error ~ t^2 C''' ~ 1e-12 (the quantile and Huber kinks are not hit by these g).
                assertClose(fd, inner, 1e-7, 1e-9);
            }
        }
    }

    /**
     * The chain rule: (1/N) sum_i J(x_i)^T d(x_i) through the dual equals SameDiff's direct gradient of C(F(theta)),
     * on a dense network and on a hand-written graph, for every built-in cost and the custom one (1e-10 relative).
     */
    @Test
    void chainRuleThroughTheDualEqualsTheDirectGradient() {
        DenseStack stack = DenseStack.fullyConnected(2, Activations.relu(), 1.2, 0.3);
        Map<String, Supplier<SameDiffRealization>> graphs = new LinkedHashMap<>();
        graphs.put("dense", () -> DenseNetworks.realize(stack, 4, 16, K, 3));
        graphs.put("hand-written", () -> handWritten(4, 12, 9));
        INDArray x = gaussian(4, N, 4);
        INDArray y = targets();
        for (var g : graphs.entrySet()) {
            for (var e : costs().entrySet()) {
                SameDiffRealization net = g.getValue().get();
                INDArray viaDual = CompiledCost.of(e.getValue(), K).parameterGradient(net, x, y);
                INDArray direct = directGradient(g.getValue().get(), e.getValue(), x, y);
                assertThat(relativeError(viaDual, direct)).as("%s, %s", g.getKey(), e.getKey()).isLessThan(1e-10);
            }
        }
    }

    /** C(F(theta)) built on a copy of the network's own graph, differentiated by SameDiff directly. */
    static INDArray directGradient(SameDiffRealization net, CostFunctional cost, INDArray x, INDArray y) {
        SameDiff sd = net.graph();
        SDVariable yy = sd.placeHolder("direct.y", DataType.DOUBLE, -1, K);
        SDVariable c = cost.define(sd, sd.getVariable(net.outputName()), yy);
        sd.setLossVariables(c.name());
        GradientFunctions.build(sd);
        Map<String, INDArray> ph = Map.of(net.inputName(), x, "direct.y", y,
                SameDiffRealization.COTANGENT, Nd4j.zeros(DataType.DOUBLE, x.rows(), K));
        Map<String, INDArray> g = sd.calculateGradients(ph, net.parameterNames());
        List<INDArray> flat = net.parameterNames().stream().map(n -> g.get(n).reshape(g.get(n).length())).toList();
        return Nd4j.concat(0, flat.toArray(new INDArray[0]));
    }

    /** f = tanh(x A / 2) B / sqrt(m) + c: a graph no builder makes. */
    static SameDiffRealization handWritten(int d, int m, long seed) {
        GaussianDraws r = new GaussianDraws(seed);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, d);
        SDVariable a = sd.var("A", r.next(d, m));
        SDVariable b = sd.var("B", r.next(m, K));
        SDVariable c = sd.var("c", r.next(1, K).reshape(K));
        SDVariable out = sd.math.tanh(x.mmul(a).mul(0.5)).mmul(b).mul(1 / Math.sqrt(m)).add(c);
        return SameDiffRealization.of(sd, "x", out.name());
    }

    /** Kernel gradient: (1/N) Theta(X, X) d equals J (J^T d) / N, i.e. J times the parameter gradient. */
    @Test
    void kernelGradientIsTheFunctionSpaceImageOfTheParameterGradient() {
        SameDiffRealization net = handWritten(4, 10, 2);
        INDArray x = gaussian(6, N, 4);
        INDArray y = targets();
        CompiledCost c = CompiledCost.of(Costs.huber(0.5), K);
        INDArray full = EmpiricalTangentKernel.of(TangentKernelMethod.JACOBIAN).compute(net, x).full();
        INDArray kg = c.kernelGradient(full, c.dual(net.apply(x), y));
        INDArray viaJacobian = net.jacobian(x).mmul(c.parameterGradient(net, x, y).reshape(-1, 1)).reshape(N, K);
        assertClose(kg, viaJacobian, 1e-10, 1e-13);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> CompiledCost.of((sd, f, y) -> f.sub(y), K))
                .hasMessageContaining("cost has shape [3, 3]").hasMessageContaining("expected a scalar");
        CompiledCost c = CompiledCost.of(Costs.squared(), K);
        assertThatThrownBy(() -> c.value(gaussian(1, N, K), gaussian(1, N - 1, K))).hasMessageContaining("y has shape [6, 3]");
        assertThatThrownBy(() -> c.value(gaussian(1, N, 2), gaussian(1, N, 2))).hasMessageContaining("f has 2 columns");
        assertThatThrownBy(() -> Costs.huber(0)).hasMessageContaining("delta = 0.0");
    }
}
