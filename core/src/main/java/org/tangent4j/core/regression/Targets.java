package org.tangent4j.core.regression;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;

/**
 * Regression targets: real values [N, k] regressed as they are, or integer class labels 0..C-1 regressed as centred
 * one-hot vectors y_ic = [c = label_i] - 1/C (Lee et al. 2018, section 3: targets 0.9 and -0.1 for ten classes), the
 * predicted class being the arg max over the C outputs.
 *
 * @param values the regression targets, [N, k] float64
 * @param labels the class labels (null for real-valued targets)
 * @param classes C (0 for real-valued targets)
 */
public record Targets(INDArray values, int[] labels, int classes) {

    /** Whether the targets are class labels. */
    public boolean isClassification() {
        return labels != null;
    }

    /** Real-valued targets [N] or [N, k], regressed as they are. */
    public static Targets values(String name, INDArray y) {
        INDArray v = Checks.finiteMatrix(name, y.rank() == 1 ? y.reshape(y.length(), 1) : y).castTo(DataType.DOUBLE).dup('c');
        return new Targets(v, null, 0);
    }

    /**
     * Class labels, one per row ([N] or [N, 1]), integers 0..C-1.
     *
     * @param classes C, or 0 to take max(label) + 1 (at least 2)
     * @throws IllegalArgumentException naming the first label that is not an integer in range
     */
    public static Targets labels(String name, INDArray y, int classes) {
        if (y.rank() > 2 || (y.rank() == 2 && y.columns() != 1)) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(y.shape())
                    + ": expected one class label per row, [N] or [N, 1]");
        }
        double[] v = y.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int max = -1;
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0 && v[i] == Math.rint(v[i]) && v[i] < (classes > 0 ? classes : 65536))) {
                throw new IllegalArgumentException(name + " row " + i + " = " + v[i] + ": expected an integer class label in 0.."
                        + ((classes > 0 ? classes : 65536) - 1) + (classes > 0 ? " (the classes of the training labels)" : ""));
            }
            max = Math.max(max, (int) v[i]);
        }
        int c = classes > 0 ? classes : Math.max(2, max + 1);
        int[] labels = new int[v.length];
        double[][] onehot = new double[v.length][c];
        for (int i = 0; i < v.length; i++) {
            labels[i] = (int) v[i];
            Arrays.fill(onehot[i], -1.0 / c);
            onehot[i][labels[i]] += 1;
        }
        return new Targets(Nd4j.createFromArray(onehot), labels, c);
    }

    /**
     * Labels when {@code y} is one column of non-negative integers, real values otherwise.
     */
    public static Targets infer(String name, INDArray y) {
        if (y.rank() == 1 || (y.rank() == 2 && y.columns() == 1)) {
            double[] v = y.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            boolean integers = v.length > 0 && Arrays.stream(v).allMatch(a -> a >= 0 && a == Math.rint(a) && a < 65536);
            if (integers) {
                return labels(name, y, 0);
            }
        }
        return values(name, y);
    }

    /** The rows {@code idx} of these targets. */
    public Targets rows(int[] idx) {
        INDArray v = Nd4j.create(DataType.DOUBLE, idx.length, values.columns());
        int[] l = labels == null ? null : new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            v.putRow(i, values.getRow(idx[i]));
            if (l != null) {
                l[i] = labels[idx[i]];
            }
        }
        return new Targets(v, l, classes);
    }
}
