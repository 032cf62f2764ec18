package org.tangent4j.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Points of any rank: rows, signals and NHWC images are accepted; the messages name the argument, shape and entry. */
class ChecksTest {

    @Test
    void pointsOfAnyRankAreCheckedAndCastToFloat64() {
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 3, 2);
        INDArray p = Checks.points("x", images);
        assertThat(p.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(p.shape()).containsExactly(2, 3, 3, 2);
        assertThat(Checks.points("x", Nd4j.zeros(DataType.DOUBLE, 4, 5)).shape()).containsExactly(4, 5);
        Checks.samePointShape("test", Nd4j.zeros(DataType.DOUBLE, 7, 3, 3, 2), "x", images);

        INDArray bad = Nd4j.zeros(DataType.DOUBLE, 2, 3, 2);
        bad.putScalar(new long[] {1, 2, 0}, Double.NaN);
        assertThatThrownBy(() -> Checks.points("x", bad)).hasMessage("x contains NaN at [1, 2, 0] (shape [2, 3, 2]):"
                + " expected finite values");
        assertThatThrownBy(() -> Checks.points("x", Nd4j.zeros(DataType.DOUBLE, 3))).hasMessageStartingWith(
                "x has shape [3]: expected points [N, ...] of rank >= 2");
        assertThatThrownBy(() -> Checks.samePointShape("test", Nd4j.zeros(DataType.DOUBLE, 7, 2, 3, 2), "x", images))
                .hasMessage("test has shape [7, 2, 3, 2]: expected [N, 3, 3, 2], the per-point shape of x (shape [2, 3, 3, 2])");
    }
}
