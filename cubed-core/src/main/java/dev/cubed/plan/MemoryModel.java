package dev.cubed.plan;

import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.Source;

import dev.cubed.primitive.ComputeSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Projects the memory one task of an operation needs, before anything runs.
 *
 * <p>For a single blockwise operation this is Cubed's model exactly:
 * {@code reserved + sum(in_chunk * (read_copies + 1)) + extra + out_chunk * (1 + write_copies)},
 * with a partial reduce's extra being one input chunk and two output chunks and a rechunk
 * copy's extra one copy chunk. For a fused block function the same accounting applies
 * recursively: an argument's whole footprint is held until its parent's kernel returns, a
 * sequence read one at a time holds one value (plus one of look-ahead), and a sequence read
 * together holds all of them. Identical arguments (x * x) are read once and counted once.
 */
public final class MemoryModel {
    private final long reserved;
    private final BufferCopies copies;

    public MemoryModel(long reserved, BufferCopies copies) {
        this.reserved = reserved;
        this.copies = copies;
    }

    /** What the model needs to know of an operation input: its chunk size and whether it is read from storage. */
    public record InputInfo(long chunkBytes, boolean virtual) {
        public static InputInfo of(dev.cubed.primitive.ArrayRef ref) {
            return new InputInfo(ref.chunkBytes(), ref instanceof dev.cubed.primitive.VirtualArray);
        }
    }

    /** Projected memory of one task evaluating {@code root} and writing its value. */
    public long projected(BlockExpr root, List<InputInfo> inputs, long extra) {
        return reserved + peak(root, inputs) + root.chunkBytes() * copies.write() + extra;
    }

    /**
     * Projected memory of one task of an operation with several outputs, whose block functions
     * share their reads as {@code sharing} says. With {@link ComputeSpec.Sharing#TASK} every distinct
     * input chunk is held for the whole task, beside the largest rest of one output's evaluation
     * and write. With {@link ComputeSpec.Sharing#STEP} the input chunks of one step are held beside
     * the largest rest of one fold input's evaluation, every fold's accumulator, and the largest
     * combine and write.
     */
    public long projected(List<BlockExpr> roots, ComputeSpec.Sharing sharing, List<InputInfo> inputs, long extra) {
        if (sharing == ComputeSpec.Sharing.NONE || roots.size() == 1) {
            return projected(roots.get(0), inputs, extra);
        }
        List<BlockExpr> evaluated = new ArrayList<>();
        for (BlockExpr r : roots) {
            evaluated.add(sharing == ComputeSpec.Sharing.STEP ? ((Fold) r).input().expr() : r);
        }
        Set<Integer> all = new HashSet<>();
        long rest = 0;
        long write = 0;
        long accumulators = 0;
        long combine = 0;
        for (int k = 0; k < roots.size(); k++) {
            Set<Integer> mine = new HashSet<>();
            sources(evaluated.get(k), mine);
            all.addAll(mine);
            long own = peak(evaluated.get(k), inputs) - sourceBytes(mine, inputs);
            if (sharing == ComputeSpec.Sharing.STEP) {
                own += evaluated.get(k).chunkBytes(); // look-ahead, as a single fold's sequence counts it
                long f = roots.get(k).chunkBytes();
                accumulators += f;
                combine = Math.max(combine, 2 * f);
            }
            rest = Math.max(rest, own);
            write = Math.max(write, roots.get(k).chunkBytes() * copies.write());
        }
        return reserved + sourceBytes(all, inputs) + rest + accumulators + combine + write + extra;
    }

    private static void sources(BlockExpr e, Set<Integer> out) {
        if (e instanceof Source s) {
            out.add(s.input());
        } else if (e instanceof Apply a) {
            for (Arg arg : a.args()) {
                sources(arg.expr(), out);
            }
        } else if (e instanceof Fold f) {
            sources(f.input().expr(), out);
        }
    }

    private long sourceBytes(Set<Integer> sources, List<InputInfo> inputs) {
        long n = 0;
        for (int i : sources) {
            InputInfo in = inputs.get(i);
            n += in.virtual() ? in.chunkBytes() : in.chunkBytes() * (copies.read() + 1);
        }
        return n;
    }

    /** Bytes alive at most while a node's value is produced, including that value. */
    public long peak(BlockExpr e, List<InputInfo> inputs) {
        if (e instanceof Source s) {
            InputInfo in = inputs.get(s.input());
            long c = in.chunkBytes();
            return in.virtual() ? c : c * (copies.read() + 1);
        }
        if (e instanceof ReadRegion r) {
            InputInfo in = inputs.get(r.input());
            long inChunk = in.chunkBytes();
            long read = in.virtual() ? inChunk : inChunk * (copies.read() + 1);
            return 2 * r.chunkBytes() + read;
        }
        if (e instanceof Apply a) {
            long held = 0;
            Set<Arg> seen = new HashSet<>();
            for (Arg arg : a.args()) {
                if (seen.add(arg)) {
                    held += held(arg, inputs);
                }
            }
            return held + a.chunkBytes();
        }
        Fold f = (Fold) e;
        return held(f.input(), inputs) + 3 * f.chunkBytes();
    }

    private long held(Arg arg, List<InputInfo> inputs) {
        long p = peak(arg.expr(), inputs);
        if (arg.mode() == ArgMode.ONE) {
            return p;
        }
        if (arg.mode() == ArgMode.LIST) {
            return Math.multiplyExact(arg.keys().maxBlocks(), p);
        }
        return p + arg.expr().chunkBytes();
    }

    /** Input chunks one task reads, counting every block of every sequence (fusion's limit). */
    public static long inputBlocks(BlockExpr e) {
        if (e instanceof Source || e instanceof ReadRegion) {
            return 1;
        }
        if (e instanceof Apply a) {
            long n = 0;
            for (Arg arg : a.args()) {
                n += arg.keys().maxBlocks() * inputBlocks(arg.expr());
            }
            return n;
        }
        Fold f = (Fold) e;
        return f.input().keys().maxBlocks() * inputBlocks(f.input().expr());
    }
}
