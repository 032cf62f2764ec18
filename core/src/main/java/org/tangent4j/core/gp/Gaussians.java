package org.tangent4j.core.gp;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.check.Checks;
import org.tangent4j.core.linalg.Cholesky;

/** Seeded multivariate normal draws, shared by the prior and the posterior. */
final class Gaussians {

    private Gaussians() {
    }

    /**
     * {@code count} draws of N(mean, cov) as the rows of a [count, N] matrix: mean + L z with L L^T = cov + j I and
     * z standard normal from {@code java.util.Random(seed)} (filled sample by sample, so the first draws do not
     * depend on count).
     */
    static INDArray sample(INDArray mean, INDArray cov, int count, long seed, double jitter, String covName) {
        Checks.positive("count", count);
        Checks.nonNegative("jitter", jitter);
        int n = (int) mean.length();
        Cholesky chol = Cholesky.of(covName, cov, jitter);
        Random r = new Random(seed);
        double[][] z = new double[n][count];
        for (int s = 0; s < count; s++) {
            for (int i = 0; i < n; i++) {
                z[i][s] = r.nextGaussian();
            }
        }
        INDArray draws = chol.multiplyLower(Nd4j.createFromArray(z));
        draws.addiColumnVector(mean.reshape(n, 1));
        return draws.transpose().dup('c');
    }

}
