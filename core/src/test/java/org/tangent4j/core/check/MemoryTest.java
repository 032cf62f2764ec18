package org.tangent4j.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class MemoryTest {

    /** 8 bytes per entry, as ND4J reports for an array it allocates; products beyond a long are refused, not wrapped. */
    @Test
    void bytesOfADoubleArrayInExactLongArithmetic() {
        var a = Nd4j.create(DataType.DOUBLE, 37, 11);
        assertThat(Memory.doubles("a", 37, 11)).isEqualTo(a.data().length() * a.data().getElementSize());
        // 100000 x 100000 overflows an int (the old "integer overflow") but not a long: 8e10 bytes exactly.
        assertThat(Memory.doubles("W", 100_000, 100_000)).isEqualTo(80_000_000_000L);
        assertThatThrownBy(() -> Memory.doubles("huge", 1L << 40, 1L << 40)).hasMessageContaining("huge has more than 2^63 entries");
        assertThatThrownBy(() -> Memory.doubles("big", 1L << 31, 1L << 31)).hasMessageContaining("big needs more than 2^63 bytes");
    }

    @Test
    void readsMeminfoInBytes() {
        String text = "MemTotal:       24522860 kB\nMemFree:        20000000 kB\nMemAvailable:   22917608 kB\n";
        assertThat(Memory.parseMemInfo(text, "MemAvailable")).isEqualTo(22917608L * 1024);
        assertThat(Memory.parseMemInfo(text, "MemTotal")).isEqualTo(24522860L * 1024);
        assertThat(Memory.parseMemInfo(text, "SwapTotal")).isEqualTo(-1);
        assertThat(Memory.physical()).isGreaterThanOrEqualTo(Memory.availableNative());
    }

    @Test
    void refusalsNameTheQuantityTheSizeWhatIsAvailableAndTheAdvice() {
        Memory.requireNative("a small array", 1000, "n/a");
        Memory.requireHeap("a small array", 1000, "n/a");
        assertThatThrownBy(() -> Memory.requireNative("the matrices [1e9, 1e9]", Memory.doubles("m", 1_000_000_000L, 1_000_000_000L),
                "use fewer points"))
                .hasMessageStartingWith("the matrices [1e9, 1e9]: 8.00 EB of native memory needed, ")
                .hasMessageContaining(Memory.format(Memory.physical()) + " physical").hasMessageEndingWith("; use fewer points");
        assertThatThrownBy(() -> Memory.requireHeap("one weight", Memory.maxHeap() + 1, "a smaller width"))
                .hasMessageContaining("of Java heap needed, the JVM's maximum heap is " + Memory.format(Memory.maxHeap()))
                .hasMessageEndingWith("; a smaller width");
        assertThatThrownBy(() -> Memory.requireHeapArray("W", 10_000_000_000L, "a smaller width"))
                .hasMessageContaining("W: 10000000000 entries in one Java array needed, at most 2^31 - 1 possible");
    }

    @Test
    void theNativeCapIsHonouredAndNamed() {
        assertThat(Memory.parseBytes("8g")).isEqualTo(8L << 30);
        assertThat(Memory.parseBytes("512M")).isEqualTo(512L << 20);
        assertThat(Memory.parseBytes("1000")).isEqualTo(1000);
        assertThatThrownBy(() -> Memory.parseBytes("lots")).hasMessageContaining("tangent4j.maxNative = 'lots'");
        String before = System.getProperty(Memory.MAX_NATIVE_PROPERTY);
        try {
            System.setProperty(Memory.MAX_NATIVE_PROPERTY, "1m");
            assertThat(Memory.availableNative()).isEqualTo(1L << 20);
            assertThatThrownBy(() -> Memory.requireNative("x", 2L << 20, "less")).hasMessageContaining("at most -Dtangent4j.maxNative=1m");
        } finally {
            if (before == null) {
                System.clearProperty(Memory.MAX_NATIVE_PROPERTY);
            } else {
                System.setProperty(Memory.MAX_NATIVE_PROPERTY, before);
            }
        }
    }

    @Test
    void formatsInDecimalUnits() {
        assertThat(Memory.format(512)).isEqualTo("512 B");
        assertThat(Memory.format(12_800_000_000L)).isEqualTo("12.8 GB");
        assertThat(Memory.format(25_600_000_000L)).isEqualTo("25.6 GB");
        assertThat(Memory.format(1_500_000)).isEqualTo("1.50 MB");
        assertThat(Memory.format(123_456_789)).isEqualTo("123 MB");
    }
}
