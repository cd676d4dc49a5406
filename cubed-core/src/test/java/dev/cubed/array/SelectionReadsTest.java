package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.runtime.Callback;
import dev.cubed.runtime.TaskEndEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selections read only the input chunks that hold selected elements, each once per task, as the
 * task stats of real runs show: not whole rows of chunks, not the whole array.
 */
class SelectionReadsTest {
    private static Cubed cb;
    private static LazyArray vector;   // 0..999 int64 in chunks of 10 (80 bytes)
    private static LazyArray matrix;   // 20 x 30 int64 in 10 x 10 chunks (800 bytes)

    @BeforeAll
    static void open() {
        cb = ApiCases.session("reads", false);
        vector = cb.arange(0, 1000, 1, 10, DataType.INT64).toZarr("memory://reads/vector");
        matrix = cb.arange(0, 600, 1, 100, DataType.INT64).reshape(20, 30).rechunk(10, 10)
                .toZarr("memory://reads/matrix");
    }

    @AfterAll
    static void close() {
        cb.close();
    }

    /** Bytes read by each task of the operations whose label contains {@code label}. */
    private static List<Long> readsOf(LazyArray x, String label, Block[] value) {
        List<Long> reads = new ArrayList<>();
        List<String> names = new ArrayList<>();
        x.plan().operations().forEach(op -> {
            if (op.label().contains(label)) {
                names.add(op.name());
            }
        });
        Callback c = new Callback() {
            @Override
            public void onTaskEnd(TaskEndEvent e) {
                if (names.contains(e.operation())) {
                    reads.add(e.bytesRead());
                }
            }
        };
        value[0] = x.compute(ComputeOptions.defaults().withCallbacks(c));
        assertThat(names).as("operations labelled %s", label).isNotEmpty();
        return reads;
    }

    @Test
    void aStridedSliceReadsOneChunkPerSelectedElement() {
        Block[] v = new Block[1];
        List<Long> reads = readsOf(vector.get(Index.slice(5, null, 100)), "index", v);
        assertThat(reads).containsExactly(10 * 80L); // 10 chunks of 100, not all 100 chunks
        for (int i = 0; i < 10; i++) {
            assertThat(v[0].getLongAt(i)).isEqualTo(5 + 100L * i);
        }
    }

    @Test
    void takeReadsTheChunksOfItsIndicesOnly() {
        Block[] v = new Block[1];
        List<Long> reads = readsOf(matrix.take(new long[] {0, 25, 26, 3}, 1), "take", v);
        // two tasks (row chunks), each reading column chunks 0 and 2 once
        assertThat(reads).containsExactly(2 * 800L, 2 * 800L);
        assertThat(v[0].getLong(13, 1)).isEqualTo(13 * 30 + 25);
    }

    @Test
    void flipsAndRollsReadAtMostTheChunksTheyOverlap() {
        Block[] v = new Block[1];
        assertThat(readsOf(matrix.flip(), "flip", v)).hasSize(6).allMatch(b -> b == 800L);
        assertThat(v[0].getLong(0, 0)).isEqualTo(599);
        assertThat(readsOf(matrix.roll(5, 1), "roll", v)).hasSize(6).allMatch(b -> b == 2 * 800L);
        assertThat(v[0].getLong(0, 0)).isEqualTo(25);
        assertThat(readsOf(vector.get(Index.slice(3, 997)), "index", v)).allMatch(b -> b <= 2 * 80L);
    }
}
