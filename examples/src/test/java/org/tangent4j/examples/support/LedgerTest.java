package org.tangent4j.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    /**
     * Two units computed, the process "killed" half-way through writing a third (a cut line), then the same
     * settings again: the two finished units are read back bit for bit without recomputation, the cut line is dropped,
     * and only the third unit is computed.
     */
    @Test
    void finishedUnitsAreReadBackNotRecomputed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("exp.partial.csv");
        AtomicInteger computed = new AtomicInteger();
        Ledger first = Ledger.open(file, "seed 1, lr 0.5");
        double[] a = first.computeIfAbsent(new double[] {64, 0}, () -> {
            computed.incrementAndGet();
            return new double[] {Math.PI, 1e-300, -0.1};
        });
        first.computeIfAbsent(new double[] {64, 1}, () -> {
            computed.incrementAndGet();
            return new double[] {2, 3, 4};
        });
        Files.writeString(file, "2,128,0,0.12", java.nio.file.StandardOpenOption.APPEND); // killed mid-line

        Ledger again = Ledger.open(file, "seed 1, lr 0.5");
        assertThat(again.computeIfAbsent(new double[] {64, 0}, () -> new double[] {9, 9, 9})).containsExactly(a);
        assertThat(again.computeIfAbsent(new double[] {64, 1}, () -> new double[] {9, 9, 9})).containsExactly(2, 3, 4);
        assertThat(again.computeIfAbsent(new double[] {128, 0}, () -> {
            computed.incrementAndGet();
            return new double[] {5, 6, 7};
        })).containsExactly(5, 6, 7);
        assertThat(computed).hasValue(3);
        assertThat(Files.readAllLines(file)).hasSize(4).doesNotContain("2,128,0,0.12");

        Ledger other = Ledger.open(file, "seed 2, lr 0.5"); // other settings: start over
        assertThat(other.computeIfAbsent(new double[] {64, 0}, () -> new double[] {1, 1, 1})).containsExactly(1, 1, 1);
        other.finish();
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void aDamagedLineIsReportedWithTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("exp.partial.csv");
        Files.writeString(file, "# settings = s\n2,64,zero,1\n");
        assertThatThrownBy(() -> Ledger.open(file, "s")).hasMessageContaining("exp.partial.csv")
                .hasMessageContaining("'2,64,zero,1'").hasMessageContaining("delete the file to start over");
    }
}
