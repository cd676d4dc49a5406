package dev.cubed.task;

import dev.cubed.block.ArrayPool;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.NamedBlocks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskArraysTest {
    private final ArrayPool pool = new ArrayPool(1 << 20);
    private final TaskArrays arrays = new TaskArrays(pool);

    @Test
    void aDeadBlockGoesBackToThePool() {
        Block b = arrays.allocate(DataType.FLOAT64, new int[] {10, 10});
        arrays.release(b, null);
        assertThat(pool.heldBytes()).isEqualTo(800);
        assertThat(arrays.allocate(DataType.FLOAT64, new int[] {4, 25}).data()).isSameAs(b.data());
    }

    @Test
    void aBlockTheResultStillViewsIsKept() {
        Block b = arrays.allocate(DataType.FLOAT64, new int[] {10, 10});
        Block view = b.slice(new int[] {2, 0}, new int[] {5, 10});
        arrays.release(b, view);
        arrays.release(b, NamedBlocks.of("count", Block.allocate(DataType.FLOAT64, 3, 10), "view", view));
        assertThat(pool.heldBytes()).isZero();
        arrays.release(view, null); // once the view is dead too, the storage can go
        assertThat(pool.heldBytes()).isEqualTo(800);
    }

    @Test
    void arraysFromElsewhereAreNeverGivenBack() {
        Block foreign = Block.allocate(DataType.INT32, 5, 5);
        arrays.release(foreign, null);
        assertThat(pool.heldBytes()).isZero();
        assertThat(pool.take(DataType.INT32, 25)).isNotSameAs(foreign.data());
    }

    @Test
    void aBlockIsGivenBackOnlyOnce() {
        Block b = arrays.allocate(DataType.INT64, new int[] {8});
        arrays.release(new NamedBlocks(java.util.Map.of("a", b, "b", b)), null);
        arrays.release(b, null);
        assertThat(pool.heldBytes()).isEqualTo(64);
        Object first = pool.take(DataType.INT64, 8);
        assertThat(first).isSameAs(b.data());
        assertThat(pool.take(DataType.INT64, 8)).isNotSameAs(first);
    }

    @Test
    void aPinnedBlockOutlivesItsReadersAndGoesBackWhenUnpinned() {
        Block shared = arrays.allocate(DataType.FLOAT64, new int[] {10});
        arrays.pin(shared);
        arrays.release(shared, null); // the first reader is done: still pinned for the others
        assertThat(pool.heldBytes()).isZero();
        arrays.unpin(shared, java.util.List.of());
        assertThat(pool.heldBytes()).isEqualTo(80);
    }

    @Test
    void anUnpinnedBlockThatLiveValuesUseIsKeptUntilTheyAreDead() {
        Block shared = arrays.allocate(DataType.FLOAT64, new int[] {10});
        arrays.pin(shared);
        Block accumulator = shared.slice(new int[] {0}, new int[] {5}); // a fold's accumulator viewing the chunk
        arrays.unpin(shared, java.util.List.of(accumulator));
        assertThat(pool.heldBytes()).isZero();
        arrays.release(accumulator, null); // owned again: goes back once the accumulator is dead
        assertThat(pool.heldBytes()).isEqualTo(80);
    }
}
