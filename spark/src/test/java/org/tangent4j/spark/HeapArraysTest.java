package org.tangent4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The bulk copies give the entries that ND4J's element-by-element accessors give, for whole arrays and views. */
class HeapArraysTest {

    @Test
    void bulkCopiesMatchTheElementwiseAccessors() {
        INDArray m = Nd4j.rand(DataType.DOUBLE, 7, 5).subi(0.5);
        double[] expected = m.data().asDouble(); // independent route: ND4J's own element-by-element copy
        assertThat(HeapArrays.doubles(m)).isEqualTo(expected);
        assertThat(HeapArrays.of(expected, 7, 5).toDoubleMatrix()).isDeepEqualTo(m.toDoubleMatrix());
        // a view (rows 2..5, columns 1..3) and a column-major copy: copied row-major
        INDArray view = m.get(NDArrayIndex.interval(2, 6), NDArrayIndex.interval(1, 4));
        assertThat(HeapArrays.of(HeapArrays.doubles(view), 4, 3).toDoubleMatrix()).isDeepEqualTo(view.toDoubleMatrix());
        INDArray f = m.dup('f');
        assertThat(HeapArrays.doubles(f)).isEqualTo(expected);
        INDArray s = m.castTo(DataType.FLOAT);
        assertThat(HeapArrays.floats(s)).isEqualTo(s.data().asFloat());
        assertThat(HeapArrays.of(HeapArrays.floats(s), 7, 5).toFloatMatrix()).isDeepEqualTo(s.toFloatMatrix());
        assertThatThrownBy(() -> HeapArrays.doubles(s)).hasMessageContaining("array of type FLOAT: expected DOUBLE");
        assertThatThrownBy(() -> HeapArrays.of(expected, 5, 5)).hasMessageContaining("35 values: expected rows x cols = 5 x 5");
    }
}
