package org.tangent4j.core.regression;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tangent4j.core.check.Checks;

/** Scores of predictions [N, k] against targets. */
public final class Evaluation {

    private Evaluation() {
    }

    /** Mean squared error (1 / (N k)) sum_ij (p_ij - y_ij)^2. */
    public static double mse(INDArray predictions, INDArray targets) {
        INDArray p = Checks.matrix("predictions", predictions).castTo(DataType.DOUBLE);
        INDArray y = Checks.matrix("targets", targets).castTo(DataType.DOUBLE);
        Checks.rows("targets", y, p.rows(), "one row per prediction");
        Checks.columns("targets", y, p.columns(), "one column per output");
        INDArray d = p.sub(y);
        return d.mul(d).meanNumber().doubleValue();
    }

    /**
     * Classification scores: the predicted class of row i is arg max_c p_ic (the first on ties).
     *
     * @param accuracy fraction of rows whose predicted class is the label
     * @param confusion confusion[true][predicted] counts
     * @param predicted the predicted classes
     */
    public record Classification(double accuracy, long[][] confusion, int[] predicted) {
    }

    /** Accuracy and confusion matrix of predictions [N, C] against labels 0..C-1. */
    public static Classification classify(INDArray predictions, int[] labels, int classes) {
        double[][] p = Checks.matrix("predictions", predictions).castTo(DataType.DOUBLE).toDoubleMatrix();
        if (p.length != labels.length || (p.length > 0 && p[0].length != classes)) {
            throw new IllegalArgumentException("predictions are [" + p.length + ", " + (p.length == 0 ? 0 : p[0].length)
                    + "]: expected [" + labels.length + ", " + classes + "] (one row per label, one column per class)");
        }
        long[][] confusion = new long[classes][classes];
        int[] predicted = new int[p.length];
        long right = 0;
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[i][c] > p[i][best]) {
                    best = c;
                }
            }
            predicted[i] = best;
            confusion[labels[i]][best]++;
            right += best == labels[i] ? 1 : 0;
        }
        return new Classification(p.length == 0 ? Double.NaN : right / (double) p.length, confusion, predicted);
    }
}
