package org.tangent4j.autodiff.tangent;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tangent4j.autodiff.memory.Temporaries;
import org.tangent4j.autodiff.realization.RealizationFunction;

/**
 * Theta(X1, X2) = J1 J2^T restricted to some parameters, with J1 = dF(X1)/dtheta computed in row blocks:
 * at most two Jacobian blocks (one of X1's points, one of X2's) are alive at once, each at most half the memory
 * budget, so the budget bounds the Jacobian memory (the [N1*k, N2*k] result is extra): each block's native buffer is
 * freed as soon as it has been used ({@link Temporaries}), not when the garbage collector gets to it.
 */
final class JacobianContraction {

    private JacobianContraction() {
    }

    /** Bytes of one point's Jacobian rows: k * P_S * 8. */
    static long bytesPerPoint(RealizationFunction f, List<String> parameters) {
        long cols = 0;
        for (String p : parameters) {
            long n = 1;
            for (long s : f.parameterShape(p)) {
                n *= s;
            }
            cols += n;
        }
        return cols * f.outputDim() * Long.BYTES;
    }

    static INDArray contract(RealizationFunction f, INDArray x1, INDArray x2, List<String> parameters, long budget) {
        int k = f.outputDim();
        int n1 = (int) x1.rows();
        int n2 = (int) x2.rows();
        INDArray full = Nd4j.create(DataType.DOUBLE, (long) n1 * k, (long) n2 * k);
        if (parameters.isEmpty()) {
            return full;
        }
        long perPoint = bytesPerPoint(f, parameters);
        if (budget < 2 * perPoint) {
            throw new IllegalArgumentException("memoryBudget = " + budget + " bytes is smaller than one block: two"
                    + " Jacobian blocks of one point each need 2 * k * P * 8 = 2 * " + k + " * " + perPoint / 8 / k
                    + " * 8 = " + 2 * perPoint + " bytes");
        }
        if (x1 == x2 && (long) n1 * perPoint <= budget) {
            Temporaries.release(full);
            try (Temporaries tmp = new Temporaries()) {
                INDArray j = tmp.add(f.jacobian(x1, parameters));
                return j.mmul(j.transpose());
            }
        }
        int block = (int) Math.min(Integer.MAX_VALUE, budget / (2 * perPoint));
        if (x1 == x2) {
            // symmetric: blocks (I, J) with J >= I, Theta[J, I] = Theta[I, J]^T
            for (int s1 = 0; s1 < n1; s1 += block) {
                int e1 = Math.min(n1, s1 + block);
                try (Temporaries outer = new Temporaries()) {
                    INDArray j1 = outer.add(f.jacobian(outer.add(rows(x1, s1, e1)), parameters));
                    for (int s2 = s1; s2 < n1; s2 += block) {
                        int e2 = Math.min(n1, s2 + block);
                        try (Temporaries inner = new Temporaries()) {
                            INDArray j2 = s2 == s1 ? j1 : inner.add(f.jacobian(inner.add(rows(x1, s2, e2)), parameters));
                            INDArray t = inner.add(j1.mmul(j2.transpose()));
                            full.get(range(s1, e1, k), range(s2, e2, k)).assign(t);
                            full.get(range(s2, e2, k), range(s1, e1, k)).assign(t.transpose());
                        }
                    }
                }
            }
            return full;
        }
        try (Temporaries whole = new Temporaries()) {
            INDArray j2Whole = n2 <= block ? whole.add(f.jacobian(x2, parameters)) : null;
            for (int s1 = 0; s1 < n1; s1 += block) {
                int e1 = Math.min(n1, s1 + block);
                try (Temporaries outer = new Temporaries()) {
                    INDArray j1 = outer.add(f.jacobian(outer.add(rows(x1, s1, e1)), parameters));
                    for (int s2 = 0; s2 < n2; s2 += block) {
                        int e2 = Math.min(n2, s2 + block);
                        try (Temporaries inner = new Temporaries()) {
                            INDArray j2 = j2Whole != null ? j2Whole : inner.add(f.jacobian(inner.add(rows(x2, s2, e2)), parameters));
                            full.get(range(s1, e1, k), range(s2, e2, k)).assign(inner.add(j1.mmul(j2.transpose())));
                        }
                    }
                }
            }
        }
        return full;
    }

    private static INDArrayIndex range(int start, int end, int k) {
        return NDArrayIndex.interval((long) start * k, (long) end * k);
    }

    private static INDArray rows(INDArray x, int start, int end) {
        return x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).dup();
    }
}
