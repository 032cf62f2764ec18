package org.tangent4j.core.regression;

import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.kernel.Kernel;
import org.tangent4j.core.linalg.SymmetricEigen;

/**
 * The ridge chosen on a held-out part of the training set: a seeded random subset of at most {@link #SUBSET} training
 * points is split 80 / 20; the kernel of the 80 % part is eigendecomposed once, K = V diag(e) V^T, and every candidate
 * relative ridge r (lambda = r mean diag K) is scored on the 20 % part through
 * predictions K(hold, fit) V diag(1 / (e + lambda)) V^T Y: by accuracy for labels (ties: lower MSE), by MSE otherwise.
 * The candidates are r = 10^-6, 10^-5.5, ..., 10^0.
 *
 * @param relativeRidge the chosen r
 * @param score its held-out score (accuracy, or MSE)
 * @param candidates the candidates r
 * @param scores the held-out score of each
 */
public record RidgeSelection(double relativeRidge, double score, double[] candidates, double[] scores) {

    /** Training points used for the selection, at most. */
    public static final int SUBSET = 2500;

    /** Chooses the relative ridge for {@code kernel} on (x, targets), from a subset of at most {@link #SUBSET} points. */
    public static RidgeSelection choose(Kernel kernel, INDArray x, Targets targets, long seed, Consumer<String> log) {
        return choose(kernel, x, targets, seed, SUBSET, log);
    }

    /** As {@link #choose(Kernel, INDArray, Targets, long, Consumer)} from a subset of at most {@code subset} points. */
    public static RidgeSelection choose(Kernel kernel, INDArray x, Targets targets, long seed, int subset, Consumer<String> log) {
        if (subset < 10) {
            throw new IllegalArgumentException("subset = " + subset + ": expected at least 10 points for the held-out split");
        }
        int n = (int) x.rows();
        if (n < 10) {
            throw new IllegalArgumentException("training set of " + n + " points: expected at least 10 to hold out a part"
                    + " for choosing the ridge (or give the ridge)");
        }
        int m = Math.min(n, subset);
        int[] perm = permutation(n, seed);
        int fitN = (int) Math.round(0.8 * m);
        int[] fit = java.util.Arrays.copyOfRange(perm, 0, fitN);
        int[] hold = java.util.Arrays.copyOfRange(perm, fitN, m);
        INDArray xf = rows(x, fit);
        INDArray xh = rows(x, hold);
        Targets tf = targets.rows(fit);
        Targets th = targets.rows(hold);
        INDArray kff = kernel.gram(xf);
        INDArray khf = kernel.gram(xh, xf);
        double meanDiag = 0;
        for (int i = 0; i < fitN; i++) {
            meanDiag += kff.getDouble(i, i) / fitN;
        }
        SymmetricEigen eig = SymmetricEigen.of("K(fit, fit)", kff);
        INDArray v = eig.vectors();
        double[] e = eig.values().toDoubleVector();
        INDArray vty = v.transpose().mmul(tf.values());
        INDArray kv = khf.mmul(v);
        double[] cands = new double[13];
        double[] scores = new double[cands.length];
        double[] mses = new double[cands.length];
        int best = -1;
        for (int c = 0; c < cands.length; c++) {
            cands[c] = Math.pow(10, -6 + 0.5 * c);
            double lambda = cands[c] * meanDiag;
            double[] w = new double[e.length];
            for (int i = 0; i < e.length; i++) {
                w[i] = 1 / (Math.max(e[i], 0) + lambda);
            }
            INDArray pred = kv.mulRowVector(Nd4j.createFromArray(w).reshape(1, w.length)).mmul(vty);
            mses[c] = Evaluation.mse(pred, th.values());
            scores[c] = targets.isClassification() ? Evaluation.classify(pred, th.labels(), th.classes()).accuracy() : mses[c];
            boolean better = best < 0 || (targets.isClassification()
                    ? scores[c] > scores[best] || (scores[c] == scores[best] && mses[c] < mses[best])
                    : scores[c] < scores[best]);
            if (better) {
                best = c;
            }
            log.accept(String.format(Locale.ROOT, "ridge %.3g x mean diag: held-out %s %.4f", cands[c],
                    targets.isClassification() ? "accuracy" : "MSE", scores[c]));
        }
        return new RidgeSelection(cands[best], scores[best], cands, scores);
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static INDArray rows(INDArray x, int[] idx) {
        INDArray out = Nd4j.create(DataType.DOUBLE, idx.length, x.columns());
        for (int i = 0; i < idx.length; i++) {
            out.putRow(i, x.getRow(idx[i]));
        }
        return out;
    }
}
