package dev.cubed.task;

import dev.cubed.block.ArrayPool;
import dev.cubed.block.Block;
import dev.cubed.block.BlockAllocator;
import dev.cubed.block.DataType;
import dev.cubed.block.NamedBlocks;
import dev.cubed.block.Value;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The arrays one task allocated from the worker's {@link ArrayPool}, and their return to it.
 *
 * <p>Only arrays handed out here are ever given back, and only once the evaluator knows the
 * value holding them is dead: an argument after its kernel returned, unless the kernel's result
 * shares its storage (a view); a fold's previous accumulator; the task's result after it was
 * written. Arrays from anywhere else (cached chunks, constants in parameters, a user's data)
 * are never touched. Arrays a task does not give back (the items of a lazily iterated argument)
 * are simply collected: the set holds them weakly. One task, one thread.
 */
final class TaskArrays implements BlockAllocator {
    private final ArrayPool pool;
    // arrays have identity equality, so a WeakHashMap is a weak identity set here
    private final Set<Object> owned = Collections.newSetFromMap(new WeakHashMap<>());
    private final Set<Object> pinned = Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    TaskArrays(ArrayPool pool) {
        this.pool = pool;
    }

    @Override
    public Block allocate(DataType dtype, int[] shape) {
        int n = 1;
        for (int s : shape) {
            n = Math.multiplyExact(n, s);
        }
        Object data = pool.take(dtype, n);
        owned.add(data);
        return Block.wrap(dtype, data, shape);
    }

    /**
     * Keeps the arrays of {@code v} out of {@link #release} until {@link #unpin}: a value read
     * once and shared by several readers is not dead when the first of them is done with it.
     */
    void pin(Value v) {
        forEachArray(v, data -> {
            if (owned.remove(data)) {
                pinned.add(data);
            }
        });
    }

    /** Ends a {@link #pin}: gives the arrays back unless one of {@code live} still uses them. */
    void unpin(Value v, List<Value> live) {
        forEachArray(v, data -> {
            if (pinned.remove(data)) {
                owned.add(data);
            }
        });
        for (Value l : live) {
            if (sharesArrays(v, l)) {
                return; // owned again, and released with the live value once that is dead
            }
        }
        release(v, null);
    }

    private static boolean sharesArrays(Value v, Value live) {
        if (v instanceof Block b) {
            return uses(live, b.data());
        }
        for (Block b : ((NamedBlocks) v).fields().values()) {
            if (uses(live, b.data())) {
                return true;
            }
        }
        return false;
    }

    private static void forEachArray(Value v, java.util.function.Consumer<Object> action) {
        if (v instanceof Block b) {
            action.accept(b.data());
        } else {
            for (Block b : ((NamedBlocks) v).fields().values()) {
                action.accept(b.data());
            }
        }
    }

    /** Gives back the arrays of {@code dead} that came from this task, except those {@code live} uses. */
    void release(Value dead, Value live) {
        if (dead == null || owned.isEmpty()) {
            return;
        }
        if (dead instanceof Block b) {
            release(b, live);
        } else {
            for (Block b : ((NamedBlocks) dead).fields().values()) {
                release(b, live);
            }
        }
    }

    private void release(Block b, Value live) {
        Object data = b.data();
        if (!owned.contains(data) || uses(live, data)) {
            return;
        }
        owned.remove(data);
        pool.give(b.dtype(), data);
    }

    private static boolean uses(Value v, Object data) {
        if (v == null) {
            return false;
        }
        if (v instanceof Block b) {
            return b.data() == data;
        }
        for (Map.Entry<String, Block> e : ((NamedBlocks) v).fields().entrySet()) {
            if (e.getValue().data() == data) {
                return true;
            }
        }
        return false;
    }
}
