package org.tangent4j.autodiff.realization;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;

/**
 * The linear random-features model (notes, "Random functions approximation"):
 * F_lin(theta)(x)_a = P^-1/2 sum_p theta[p, a] f_p(x), with P fixed random functions f_p (the features, constants
 * of the graph) and trainable theta [P, k] ~ N(0, 1). Its Jacobian row for (x, a) is P^-1/2 (f_1(x), ..., f_P(x))
 * in the columns of output a, so its tangent kernel is Theta((x, a), (x', b)) = delta_ab (1/P) sum_p f_p(x) f_p(x'),
 * the same for every theta.
 *
 * <p>The parameter is named {@value #THETA}; the input placeholder is {@value #INPUT}.
 */
public final class RandomFeatures {

    /** The input placeholder's name. */
    public static final String INPUT = "x";
    /** The parameter's name. */
    public static final String THETA = "theta";

    private RandomFeatures() {
    }

    /**
     * The model for any feature map written in SameDiff.
     *
     * @param inputDim d
     * @param features P, the number of columns the feature map produces
     * @param outputDim k
     * @param featureMap x [N, d] -&gt; (f_1(x), ..., f_P(x)) [N, P]; must not use trainable variables
     * @param seed the seed of theta's initial N(0, 1) draw
     */
    public static SameDiffRealization of(int inputDim, int features, int outputDim, UnaryOperator<SDVariable> featureMap,
            long seed) {
        Objects.requireNonNull(featureMap, "featureMap = null: expected x -> features");
        Checks.positive("inputDim", inputDim);
        Checks.positive("features", features);
        Checks.positive("outputDim", outputDim);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(INPUT, DataType.DOUBLE, -1, inputDim);
        SDVariable phi = featureMap.apply(x);
        INDArray probe = sd.output(Map.of(INPUT, Nd4j.zeros(DataType.DOUBLE, 2, inputDim)), phi.name()).get(phi.name());
        if (probe.rank() != 2 || probe.rows() != 2 || probe.columns() != features) {
            throw new IllegalArgumentException("featureMap gives shape " + Arrays.toString(probe.shape())
                    + " for 2 points: expected [2, P] = [2, " + features + "]");
        }
        if (!SameDiffRealization.trainableVariables(sd).isEmpty()) {
            throw new IllegalArgumentException("featureMap creates trainable variables "
                    + SameDiffRealization.trainableVariables(sd) + ": expected fixed features (use constants)");
        }
        INDArray theta = new GaussianDraws(seed).next(features, outputDim);
        SDVariable t = sd.var(THETA, theta);
        SDVariable out = phi.mmul(t).mul(1 / Math.sqrt(features));
        return SameDiffRealization.of(sd, INPUT, out.name(), List.of(THETA));
    }

    /**
     * Random ReLU features f_p(x) = max(0, x . w_p + c_p).
     *
     * @param w [d, P] the feature weights (columns w_p)
     * @param c [P] the feature offsets
     */
    public static SameDiffRealization relu(INDArray w, INDArray c, int outputDim, long seed) {
        INDArray wm = Checks.finiteMatrix("w", w);
        INDArray cv = offsets("c", c, wm.columns());
        return of((int) wm.rows(), (int) wm.columns(), outputDim,
                x -> x.getSameDiff().nn.relu(x.mmul(x.getSameDiff().constant(wm)).add(x.getSameDiff().constant(cv)), 0),
                seed);
    }

    /**
     * Random Fourier features f_p(x) = sqrt(2) cos(x . omega_p + phi_p); with omega_p ~ N(0, I / l^2) and
     * phi_p ~ U[0, 2 pi) their kernel (1/P) sum_p f_p f_p tends to the RBF kernel exp(-|x - x'|^2 / (2 l^2)).
     *
     * @param omega [d, P] frequencies (columns omega_p)
     * @param phase [P] phases
     */
    public static SameDiffRealization fourier(INDArray omega, INDArray phase, int outputDim, long seed) {
        INDArray om = Checks.finiteMatrix("omega", omega);
        INDArray ph = offsets("phase", phase, om.columns());
        return of((int) om.rows(), (int) om.columns(), outputDim,
                x -> x.getSameDiff().math.cos(x.mmul(x.getSameDiff().constant(om)).add(x.getSameDiff().constant(ph)))
                        .mul(Math.sqrt(2)),
                seed);
    }

    private static INDArray offsets(String name, INDArray c, long p) {
        Objects.requireNonNull(c, name + " = null: expected a vector of length P = " + p);
        if (c.length() != p) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(c.shape())
                    + ": expected a vector of length P = " + p);
        }
        Checks.allFinite(name, c);
        return c.ravel().castTo(DataType.DOUBLE).dup();
    }
}
