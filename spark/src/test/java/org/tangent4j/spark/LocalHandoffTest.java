package org.tangent4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tiles handed over within a JVM: left and taken once, a retry's array replacing (and freeing) the earlier attempt's,
 * what is left over freed on close, nothing left where no handoff is open; and the tiles (markers included) and the
 * broadcast points as Java serialization (Spark's task results, broadcasts and disk blocks) carries them.
 */
class LocalHandoffTest {

    @Test
    void tilesAreLeftTakenOnceReplacedByARetryAndFreedOnClose() {
        long token = LocalHandoff.open();
        INDArray first = Nd4j.rand(DataType.DOUBLE, 3, 4);
        INDArray retry = first.dup();
        INDArray other = Nd4j.rand(DataType.FLOAT, 2, 2);
        assertThat(LocalHandoff.leave(token, 0, 1, first)).isTrue();
        assertThat(LocalHandoff.leave(token, 0, 1, retry)).isTrue();
        assertThat(first.wasClosed()).isTrue();
        assertThat(LocalHandoff.leave(token, 1, 1, other)).isTrue();
        assertThat(LocalHandoff.take(token, 0, 1)).isSameAs(retry);
        assertThatThrownBy(() -> LocalHandoff.take(token, 0, 1)).hasMessageContaining("tile (0, 1) was not left");
        assertThat(LocalHandoff.close(token)).isEqualTo(1); // (1, 1), never taken
        assertThat(other.wasClosed()).isTrue();
        assertThat(retry.wasClosed()).isFalse(); // the taker's
        // no handoff open under a token: a task in another JVM keeps its tile
        INDArray mine = Nd4j.rand(DataType.DOUBLE, 2, 2);
        assertThat(LocalHandoff.leave(token, 0, 0, mine)).isFalse();
        assertThat(mine.wasClosed()).isFalse();
    }

    @Test
    void sharedPointsSurviveJavaSerialization() throws Exception {
        INDArray m = Nd4j.rand(DataType.DOUBLE, 7, 3).subi(0.5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new SharedPoints(m));
        }
        SharedPoints back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (SharedPoints) in.readObject();
        }
        assertThat(back.rows()).isEqualTo(7);
        assertThat(back.cols()).isEqualTo(3);
        assertThat(back.array().toDoubleMatrix()).isDeepEqualTo(m.toDoubleMatrix());
    }

    private static Tile roundTrip(Tile t) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(t);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Tile) in.readObject();
        }
    }

    @Test
    void tilesAndMarkersSurviveJavaSerialization() throws Exception {
        INDArray d = Nd4j.rand(DataType.DOUBLE, 5, 3).subi(0.5);
        INDArray f = d.castTo(DataType.FLOAT);
        Tile a = roundTrip(new Tile(2, 3, d, 0));
        assertThat(a.bi).isEqualTo(2);
        assertThat(a.bj).isEqualTo(3);
        assertThat(a.toStored().toDoubleMatrix()).isDeepEqualTo(d.toDoubleMatrix());
        Tile b = roundTrip(new Tile(1, 1, f, 1e-8));
        assertThat(b.toStored().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(b.toStored().toFloatMatrix()).isDeepEqualTo(f.toFloatMatrix());
        assertThat(b.roundingError).isEqualTo(1e-8);
        Tile m = roundTrip(Tile.handedOver(4, 5, d, 2e-8));
        assertThat(m.handedOver()).isTrue();
        assertThat(m.bi).isEqualTo(4);
        assertThat(m.rows).isEqualTo(5);
        assertThat(m.cols).isEqualTo(3);
        assertThat(m.roundingError).isEqualTo(2e-8);
        assertThat(m.bytes()).isZero();
        assertThatThrownBy(m::toFloat64).hasMessageContaining("handed over");
        assertThat(a.handedOver()).isFalse();
    }
}
