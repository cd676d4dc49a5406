package dev.cubed.plan;

import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.Source;

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
