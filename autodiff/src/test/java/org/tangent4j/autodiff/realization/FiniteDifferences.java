package org.tangent4j.autodiff.realization;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test reference: the Jacobian by central differences of {@link RealizationFunction#apply} along theta. */
public final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /** [N*k, P], column p = (f(theta + h e_p) - f(theta - h e_p)) / 2h flattened row-major (row i*k + a). */
    public static INDArray jacobian(RealizationFunction f, INDArray x, double h) {
        INDArray theta = f.parameters();
        int n = (int) x.rows();
        int k = f.outputDim();
        INDArray jac = Nd4j.create(DataType.DOUBLE, (long) n * k, f.parameterCount());
        for (long p = 0; p < f.parameterCount(); p++) {
            INDArray plus = theta.dup();
            plus.putScalar(p, theta.getDouble(p) + h);
            f.setParameters(plus);
            INDArray fp = f.apply(x);
            INDArray minus = theta.dup();
            minus.putScalar(p, theta.getDouble(p) - h);
            f.setParameters(minus);
            INDArray fm = f.apply(x);
            jac.getColumn(p).assign(fp.sub(fm).divi(2 * h).ravel());
        }
        f.setParameters(theta);
        return jac;
    }
}
