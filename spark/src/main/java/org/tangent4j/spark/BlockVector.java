package org.tangent4j.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partial product K V that a partition sends to the tree reduction: only the row blocks its tiles touch
 * (block b holds rows [b t, b t + rows) of the [N, k] result, row-major), so a partition whose tiles span m column
 * blocks sends O((m + 1) t k) numbers instead of O(N k).
 */
final class BlockVector implements Serializable {

    private static final long serialVersionUID = 1L;

    final TreeMap<Integer, double[]> blocks = new TreeMap<>();

    /** this += other, block by block; returns this. */
    BlockVector merge(BlockVector other) {
        for (Map.Entry<Integer, double[]> e : other.blocks.entrySet()) {
            double[] mine = blocks.get(e.getKey());
            if (mine == null) {
                blocks.put(e.getKey(), e.getValue());
            } else {
                double[] b = e.getValue();
                for (int i = 0; i < mine.length; i++) {
                    mine[i] += b[i];
                }
            }
        }
        return this;
    }
}
