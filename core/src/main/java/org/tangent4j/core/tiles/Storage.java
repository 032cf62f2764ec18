package org.tangent4j.core.tiles;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * How tile entries are stored. FLOAT64 (the default) keeps the kernel's values bit for bit; FLOAT32 halves memory
 * and disk and rounds each entry to the nearest float, a relative error of at most 2^-24 ~ 6.0e-8 per entry
 * (the largest absolute error actually introduced is measured and reported by the stores).
 */
public enum Storage {
    FLOAT64(DataType.DOUBLE, 8),
    FLOAT32(DataType.FLOAT, 4);

    private final DataType type;
    private final int bytes;

    Storage(DataType type, int bytes) {
        this.type = type;
        this.bytes = bytes;
    }

    /** The ND4J data type of stored tiles. */
    public DataType dataType() {
        return type;
    }

    /** Bytes per entry. */
    public int bytes() {
        return bytes;
    }
}
