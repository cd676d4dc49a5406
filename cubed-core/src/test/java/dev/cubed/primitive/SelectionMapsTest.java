package dev.cubed.primitive;

import dev.cubed.task.TaskJson;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key maps and region maps the array API adds: what they map to (against brute force), their
 * bounds, their validation, and that their JSON form reads back equal.
 */
class SelectionMapsTest {
    private final TaskJson json = new TaskJson();

    private <T> T roundTrip(T value, Class<T> type) {
        String text = json.write(value);
        T back = json.read(text, type);
        assertThat(back).as(text).isEqualTo(value);
        assertThat(json.write(back)).isEqualTo(text);
        return back;
    }

    @Test
    void keyMapsRoundTripThroughJson() {
        roundTrip(new RavelMap(new long[] {2, 3}, new long[] {6}), KeyMap.class);
        roundTrip(CoarsenMap.along(3, 1, 5), KeyMap.class);
        roundTrip(new OverlapMap(new ChunkGrid(new long[] {10, 4}, new int[] {3, 4}),
                new ChunkGrid(new long[] {6, 4}, new int[] {2, 4}), new long[] {4, 0}), KeyMap.class);
        String text = json.write(CoarsenMap.along(2, 0, 3));
        assertThat(text).contains("\"map\":\"coarsen\"");
    }

    @Test
    void regionMapsRoundTripThroughJson() {
        RegionMap.Orthogonal r = new RegionMap.Orthogonal(List.of(new AxisMap.Affine(9, -2), new AxisMap.Cyclic(3, 7),
                new AxisMap.Repeat(4), new AxisMap.Listed(new long[] {5, 0, 5, 2})));
        RegionMap back = roundTrip(r, RegionMap.class);
        assertThat(back.ndim()).isEqualTo(4);
        assertThat(json.write(r)).contains("\"region\":\"orthogonal\"", "\"axis\":\"cyclic\"", "\"axis\":\"listed\"");
        ReadRegion node = new ReadRegion(0, r, new ChunkGrid(new long[] {3, 4, 5, 4}, new int[] {2, 2, 2, 2}),
                dev.cubed.block.ValueType.plain(dev.cubed.block.DataType.INT16));
        roundTrip(node, BlockExpr.class);
        roundTrip(RegionMap.identity(2), RegionMap.class);
    }

    @Test
    void axisMapsPickTheirElements() {
        assertThat(new AxisMap.Affine(9, -2).inputIndex(3)).isEqualTo(3);
        assertThat(new AxisMap.Cyclic(-2, 5).inputIndex(0)).isEqualTo(3);
        assertThat(new AxisMap.Cyclic(-2, 5).inputIndex(7)).isEqualTo(0);
        assertThat(new AxisMap.Repeat(3).inputIndex(8)).isEqualTo(2);
        assertThat(new AxisMap.Listed(new long[] {4, 1}).inputIndex(1)).isEqualTo(1);
        assertThatThrownBy(() -> new AxisMap.Affine(0, 0)).hasMessageContaining("must not be zero");
        assertThatThrownBy(() -> new AxisMap.Cyclic(0, 0)).hasMessageContaining("period must be >= 1");
        assertThatThrownBy(() -> new AxisMap.Repeat(0)).hasMessageContaining("repeat count must be >= 1");
        assertThatThrownBy(() -> new AxisMap.Listed(new long[] {-1})).hasMessageContaining("normalised to >= 0");
        assertThatThrownBy(() -> new ReadRegion(0, RegionMap.identity(2), new ChunkGrid(new long[] {3}, new int[] {3}),
                dev.cubed.block.ValueType.plain(dev.cubed.block.DataType.INT8)))
                .hasMessageContaining("region has 2 axes, grid has 1");
    }

    @Property(tries = 200)
    void ravelMapKeepsTheCOrderPositionOfEveryBlock(@ForAll long seed) {
        Random r = new Random(seed);
        long[] parent = {1 + r.nextInt(4), 1 + r.nextInt(4), 1 + r.nextInt(3)};
        long total = parent[0] * parent[1] * parent[2];
        long[] child = total % 2 == 0 ? new long[] {2, total / 2} : new long[] {total};
        RavelMap m = new RavelMap(parent, child);
        Set<String> seen = new HashSet<>();
        long flat = 0;
        for (long i = 0; i < parent[0]; i++) {
            for (long j = 0; j < parent[1]; j++) {
                for (long k = 0; k < parent[2]; k++) {
                    long[] c = m.one(new long[] {i, j, k});
                    long f = c.length == 1 ? c[0] : c[0] * child[1] + c[1];
                    assertThat(f).isEqualTo(flat++);
                    assertThat(seen.add(java.util.Arrays.toString(c))).isTrue();
                }
            }
        }
        assertThatThrownBy(() -> new RavelMap(parent, new long[] {total + 1})).hasMessageContaining("differ in number");
    }

    @Property(tries = 300)
    void overlapMapYieldsExactlyTheOverlappingChunksInOrder(@ForAll long seed) {
        Random r = new Random(seed);
        int nd = 1 + r.nextInt(2);
        long[] ps = new long[nd];
        int[] pc = new int[nd];
        long[] cs = new long[nd];
        int[] cc = new int[nd];
        long[] off = new long[nd];
        for (int d = 0; d < nd; d++) {
            ps[d] = r.nextInt(20);
            pc[d] = 1 + r.nextInt(6);
            cs[d] = r.nextInt(12);
            cc[d] = 1 + r.nextInt(5);
            off[d] = r.nextInt(25) - 5;
        }
        ChunkGrid parent = new ChunkGrid(ps, pc);
        ChunkGrid child = new ChunkGrid(cs, cc);
        OverlapMap m = new OverlapMap(parent, child, off);
        for (long[] p : parent.allCoords()) {
            // brute force: child chunks with an element e such that e + off lies in the parent chunk
            List<String> want = new ArrayList<>();
            for (long[] c : child.allCoords()) {
                boolean meets = true;
                for (int d = 0; d < nd; d++) {
                    long lo = Math.max(c[d] * cc[d] + off[d], p[d] * pc[d]);
                    long hi = Math.min(Math.min((c[d] + 1) * cc[d], cs[d]) + off[d], Math.min((p[d] + 1) * pc[d], ps[d]));
                    meets &= lo < hi;
                }
                if (meets) {
                    want.add(java.util.Arrays.toString(c));
                }
            }
            List<String> got = new ArrayList<>();
            Iterator<long[]> it = m.many(p);
            it.forEachRemaining(c -> got.add(java.util.Arrays.toString(c)));
            assertThat(got).as("parent chunk %s", java.util.Arrays.toString(p)).isEqualTo(want);
            assertThat((long) got.size()).isLessThanOrEqualTo(m.maxBlocks());
        }
    }

    @Test
    void coarsenMapDividesCoordinates() {
        CoarsenMap m = new CoarsenMap(new long[] {1, 5});
        assertThat(m.one(new long[] {3, 14})).containsExactly(3, 2);
        assertThat(m.isMany()).isFalse();
        assertThatThrownBy(() -> new CoarsenMap(new long[] {0})).hasMessageContaining("must be >= 1");
    }
}
