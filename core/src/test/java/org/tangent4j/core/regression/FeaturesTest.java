package org.tangent4j.core.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tangent4j.core.regression.Features.Preprocessing;
import org.tangent4j.core.regression.Features.Scaling;

class FeaturesTest {

    private static final double[][] TRAIN = {{0, 10, 5}, {4, 10, -1}, {2, 10, 2}, {6, 10, 2}};

    @Test
    void flattenKeepsRowMajorPixelOrder() {
        INDArray images = Nd4j.arange(12).reshape('c', 2, 3, 2);
        INDArray rows = Features.flatten(images);
        assertThat(rows.shape()).containsExactly(2, 6);
        assertThat(rows.toDoubleMatrix()[1]).containsExactly(6, 7, 8, 9, 10, 11);
    }

    @Test
    void unitRangeUsesTrainingMinAndMax() {
        Scaling s = Scaling.fit(Preprocessing.UNIT, Nd4j.createFromArray(TRAIN));
        // min -1, max 10 over all values: (x + 1) / 11
        double[][] test = s.apply(Nd4j.createFromArray(new double[][] {{-1, 10, 21}})).toDoubleMatrix();
        assertThat(test[0][0]).isEqualTo(0);
        assertThat(test[0][1]).isEqualTo(1);
        assertThat(test[0][2]).isCloseTo(2, within(1e-15)); // a test value outside the training range is not clipped
    }

    @Test
    void standardizeMatchesHandComputedStatistics() {
        Scaling s = Scaling.fit(Preprocessing.STANDARDIZE, Nd4j.createFromArray(TRAIN));
        double[][] z = s.apply(Nd4j.createFromArray(TRAIN)).toDoubleMatrix();
        // column 0: mean 3, population variance (9 + 1 + 1 + 9) / 4 = 5
        assertThat(z[0][0]).isCloseTo(-3 / Math.sqrt(5), within(1e-15));
        // column 1 is constant: centred only
        assertThat(z[2][1]).isEqualTo(0);
        // column 2: mean 2, variance (9 + 9 + 0 + 0) / 4 = 4.5
        assertThat(z[1][2]).isCloseTo(-3 / Math.sqrt(4.5), within(1e-15));
        assertThatThrownBy(() -> s.apply(Nd4j.zeros(2, 4))).hasMessageContaining("4 features: expected 3");
    }
}
