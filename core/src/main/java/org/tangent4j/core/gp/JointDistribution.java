package org.tangent4j.core.gp;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The joint prior of f at training points X and test points X*:
 * [f(X); f(X*)] ~ N([m(X); m(X*)], [[K(X, X), K(X, X*)], [K(X*, X), K(X*, X*)]]).
 *
 * @param trainMean m(X), [N]
 * @param testMean m(X*), [M]
 * @param trainTrain K(X, X), [N, N]
 * @param trainTest K(X, X*), [N, M]
 * @param testTest K(X*, X*), [M, M]
 */
public record JointDistribution(INDArray trainMean, INDArray testMean, INDArray trainTrain, INDArray trainTest,
        INDArray testTest) {

    /** The stacked mean [m(X); m(X*)], [N + M]. */
    public INDArray mean() {
        return Nd4j.concat(0, trainMean, testMean);
    }

    /** The full [N + M, N + M] block covariance. */
    public INDArray covariance() {
        INDArray top = Nd4j.hstack(trainTrain, trainTest);
        INDArray bottom = Nd4j.hstack(trainTest.transpose(), testTest);
        return Nd4j.vstack(top, bottom);
    }
}
