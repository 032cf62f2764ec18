package org.tangent4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tangent4j.core.tiles.TileGrid;

/** The runs of tiles that the tile tasks compute: every stored tile once, in order, in runs of about equal work. */
class TileTasksTest {

    /** Entries times products (two off the diagonal of a symmetric grid), counted tile by tile. */
    private static long work(TileGrid g, List<int[]> run) {
        long w = 0;
        for (int[] t : run) {
            w += (long) g.rowSize(t[0]) * g.colSize(t[1]) * (g.symmetric() && t[0] != t[1] ? 2 : 1);
        }
        return w;
    }

    @Test
    void runsCoverTheStoredTilesInOrderWithWorkWithinOneTileOfAnEqualShare() {
        for (TileGrid g : List.of(new TileGrid(8000, 8000, 2048, true), new TileGrid(600, 600, 181, true),
                new TileGrid(20_000, 20_000, 1448, true), new TileGrid(2000, 8000, 2048, false))) {
            List<int[]> keys = g.storedKeys();
            long total = work(g, keys);
            long largest = 0;
            for (int[] t : keys) {
                largest = Math.max(largest, work(g, List.of(t)));
            }
            for (int p : new int[] {1, 2, 3, 4, 7, keys.size(), keys.size() + 5}) {
                List<List<int[]>> runs = TileTasks.runs(g, p);
                assertThat(runs).hasSize(Math.min(p, keys.size()));
                List<int[]> all = new ArrayList<>();
                for (List<int[]> r : runs) {
                    assertThat(r).isNotEmpty();
                    all.addAll(r);
                }
                assertThat(all).usingElementComparator((a, b) -> a[0] == b[0] && a[1] == b[1] ? 0 : 1).isEqualTo(keys);
                // each cut is the closest to its share of the work, so a run is off its share by less than a tile
                // at either end
                for (List<int[]> r : runs) {
                    assertThat((double) work(g, r)).as("%s, %d runs", g, p).isCloseTo((double) total / runs.size(),
                            org.assertj.core.data.Offset.offset(largest + 0.0));
                }
            }
        }
    }
}
