package org.tangent4j.autodiff.realization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.testing.Float64;
import org.tangent4j.core.testing.Numeric;

/**
 * The contract of {@link RealizationFunction}, run against every implementation by a subclass per realization:
 * the Jacobian equals central finite differences of {@code apply} along theta, the vector-Jacobian product equals
 * J^T v, a Jacobian restricted to some parameters is the matching columns of the full one, and theta round-trips
 * exactly through {@code parameters()} / {@code setParameters}.
 */
@ExtendWith(Float64.class)
public abstract class RealizationContract {

    /** A fresh realization (smooth in theta at the test points, so that finite differences apply). */
    protected abstract RealizationFunction realization();

    private INDArray points(RealizationFunction f, long seed, int n) {
        return Numeric.gaussian(seed, n, f.inputDim());
    }

    @Test
    void jacobianIsTheCentralDifferenceOfTheOutputs() {
        RealizationFunction f = realization();
        INDArray x = points(f, 301, 3);
        INDArray j = f.jacobian(x);
        assertThat(j.shape()).containsExactly(3L * f.outputDim(), f.parameterCount());
        // h = 1e-5: truncation h^2 |f'''| / 6 ~ 1e-11, rounding eps |f| / h ~ 1e-11
        Numeric.assertClose(j, FiniteDifferences.jacobian(f, x, 1e-5), 1e-6, 1e-8);
    }

    @Test
    void vjpIsTheJacobianTransposeTimesTheCotangent() {
        RealizationFunction f = realization();
        INDArray x = points(f, 302, 4);
        INDArray v = Numeric.gaussian(303, 4, f.outputDim());
        INDArray expected = f.jacobian(x).transpose().mmul(v.reshape(4L * f.outputDim(), 1)).reshape(f.parameterCount());
        Numeric.assertClose(f.vjp(x, v), expected, 1e-11, 1e-12);
    }

    @Test
    void jacobianOfSomeParametersIsTheirColumns() {
        RealizationFunction f = realization();
        INDArray x = points(f, 304, 2);
        INDArray full = f.jacobian(x);
        List<String> names = f.parameterNames();
        String last = names.get(names.size() - 1);
        long offset = f.parameterCount();
        long size = 1;
        for (long s : f.parameterShape(last)) {
            size *= s;
        }
        offset -= size;
        INDArray part = f.jacobian(x, List.of(last));
        Numeric.assertClose(part, full.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + size)), 0, 0);
    }

    @Test
    void thetaRoundTripsExactlyAndMovesTheFunction() {
        RealizationFunction f = realization();
        long total = 0;
        for (String name : f.parameterNames()) {
            long n = 1;
            for (long s : f.parameterShape(name)) {
                n *= s;
            }
            total += n;
        }
        assertThat(f.parameterCount()).isEqualTo(total);
        INDArray theta = f.parameters();
        INDArray x = points(f, 305, 3);
        INDArray before = f.apply(x);
        assertThat(before.shape()).containsExactly(3, f.outputDim());
        f.setParameters(theta.add(0.05));
        assertThat(Numeric.relativeError(f.apply(x), before)).isGreaterThan(1e-6);
        f.setParameters(theta);
        Numeric.assertClose(f.parameters(), theta, 0, 0);
        Numeric.assertClose(f.apply(x), before, 0, 0);
        theta.addi(1); // parameters() is a copy
        Numeric.assertClose(f.apply(x), before, 0, 0);
        assertThat(Nd4j.createFromArray(f.parameters().toDoubleVector()).length()).isEqualTo(total);
    }
}
