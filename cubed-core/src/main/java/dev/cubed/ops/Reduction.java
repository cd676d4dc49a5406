package dev.cubed.ops;

import dev.cubed.block.ValueType;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.ReductionDescriptor;
import dev.cubed.plan.ArrayNode;
import dev.cubed.plan.OpNode;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.BlockwiseMap;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.KeyMap;
import dev.cubed.primitive.ReduceMap;
import dev.cubed.primitive.Source;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Tree reductions in bounded memory, as Cubed does them: an {@code initial} kernel reduces each
 * block over the reduced axes (keeping them with length 1); rounds then fold {@code split}
 * blocks per axis at a time, each task reading its blocks one at a time; an {@code aggregate}
 * kernel finishes, and the reduced axes are dropped unless {@code keepdims}. Fusion later merges
 * the initial step into the first round and the aggregate into the last.
 */
public final class Reduction {
    /** Cubed's default number of blocks combined per round. */
    public static final int DEFAULT_SPLIT_EVERY = 4;

    private Reduction() {
    }

    /** Normalises axes (negative counts from the end; null means all), sorted and distinct. */
    public static int[] normalizeAxes(int[] axes, int ndim) {
        if (axes == null) {
            int[] all = new int[ndim];
            for (int i = 0; i < ndim; i++) {
                all[i] = i;
            }
            return all;
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (int a : axes) {
            int ax = a < 0 ? a + ndim : a;
            if (ax < 0 || ax >= ndim) {
                throw new IllegalArgumentException("axis " + a + " is out of bounds for an array of " + ndim
                        + " dimensions (valid: " + (-ndim) + " to " + (ndim - 1) + ")");
            }
            if (!set.add(ax)) {
                throw new IllegalArgumentException("axis " + a + " is repeated in " + Arrays.toString(axes));
            }
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Cubed's split per axis: an integer {@code s} becomes {@code max(int(s ** (1 / len(axes))), 2)}
     * for each reduced axis.
     */
    public static int splitPerAxis(int splitEvery, int numAxes) {
        if (splitEvery < 2) {
            throw new IllegalArgumentException("split_every must be >= 2, got " + splitEvery);
        }
        int n = (int) Math.floor(Math.pow(splitEvery, 1.0 / Math.max(numAxes, 1)) + 1e-9);
        return Math.max(n, 2);
    }

    public static ArrayNode reduce(ArrayNode x, ReductionDescriptor recipe, int[] axes, boolean keepdims,
                                   int splitEvery) {
        int nd = x.grid().ndim();
        int[] ax = normalizeAxes(axes, nd);
        boolean[] reduced = new boolean[nd];
        for (int a : ax) {
            reduced[a] = true;
        }
        long[] shape = x.grid().shape();
        for (int a : ax) {
            if (shape[a] == 0) {
                return emptyResult(x, recipe, reduced, keepdims);
            }
        }
        Params params = withAxes(recipe.params(), ax);

        // initial: each block reduced to length 1 along the reduced axes
        ChunkGrid g0 = collapsedGrid(x.grid(), reduced, x.grid().numBlocks());
        Apply initial = new Apply(recipe.initialKernel(), params,
                List.of(Arg.same(new Source(0, x.grid(), x.type()))), g0, recipe.intermediateType());
        ArrayNode current = ArrayNode.computedBy(OpNode.builder(recipe.name() + " (initial)").inputs(x)
                .root(initial).build());

        int split = splitPerAxis(splitEvery, ax.length);
        int[] splits = new int[nd];
        for (int a : ax) {
            splits[a] = split;
        }
        int round = 0;
        while (needsRound(current.grid(), reduced)) {
            round++;
            long[] nb = current.grid().numBlocks();
            long[] next = nb.clone();
            for (int a : ax) {
                next[a] = ChunkGrid.ceilDiv(nb[a], split);
            }
            ChunkGrid g = collapsedGrid(current.grid(), reduced, next);
            KeyMap keys = new ReduceMap(splits, nb);
            Fold fold = new Fold(recipe.combineKernel(), params,
                    new Arg(new Source(0, current.grid(), current.type()), keys, ArgMode.ITER), g, recipe.intermediateType());
            current = ArrayNode.computedBy(OpNode.builder(recipe.name() + " (round " + round + ")")
                    .inputs(current).root(fold).build());
        }

        ValueType resultType = ValueType.plain(recipe.resultType());
        Apply aggregate = new Apply(recipe.aggregateKernel(), params, List.of(Arg.same(new Source(0, current.grid(),
                current.type()))), current.grid(), resultType);
        current = ArrayNode.computedBy(OpNode.builder(recipe.name() + " (aggregate)").inputs(current)
                .root(aggregate).build());
        return keepdims ? current : squeeze(current, reduced);
    }

    private static boolean needsRound(ChunkGrid g, boolean[] reduced) {
        for (int i = 0; i < reduced.length; i++) {
            if (reduced[i] && g.numBlocks(i) > 1) {
                return true;
            }
        }
        return false;
    }

    /** Reduced axes get one element per block (chunk 1), other axes keep the source's chunking. */
    private static ChunkGrid collapsedGrid(ChunkGrid g, boolean[] reduced, long[] blocks) {
        long[] shape = g.shape();
        int[] chunks = g.chunks();
        for (int i = 0; i < reduced.length; i++) {
            if (reduced[i]) {
                shape[i] = blocks[i];
                chunks[i] = 1;
            }
        }
        return new ChunkGrid(shape, chunks);
    }

    /** Drops the reduced axes (each of length 1) with a reshape that fuses into the producer. */
    static ArrayNode squeeze(ArrayNode x, boolean[] drop) {
        ChunkGrid g = x.grid();
        int kept = 0;
        for (boolean d : drop) {
            if (!d) {
                kept++;
            }
        }
        long[] shape = new long[kept];
        int[] chunks = new int[kept];
        int[] dims = new int[g.ndim()];
        int k = 0;
        for (int i = 0; i < g.ndim(); i++) {
            if (drop[i]) {
                dims[i] = -1;
            } else {
                shape[k] = g.shape(i);
                chunks[k] = g.chunks(i);
                dims[i] = k;
                k++;
            }
        }
        ChunkGrid out = new ChunkGrid(shape, chunks);
        Apply root = new Apply("reshape", Params.empty(),
                List.of(Arg.one(new Source(0, g, x.type()), new BlockwiseMap(dims, g.numBlocks()))), out, x.type());
        return ArrayNode.computedBy(OpNode.builder("squeeze").inputs(x).root(root).build());
    }

    private static ArrayNode emptyResult(ArrayNode x, ReductionDescriptor recipe, boolean[] reduced, boolean keepdims) {
        if (recipe.identity() == null) {
            List<Integer> empty = new java.util.ArrayList<>();
            for (int i = 0; i < reduced.length; i++) {
                if (reduced[i] && x.grid().shape(i) == 0) {
                    empty.add(i);
                }
            }
            throw new IllegalArgumentException("zero-size array to reduction operation " + recipe.name()
                    + " which has no identity: axis " + empty.get(0) + " of an array of shape "
                    + Arrays.toString(x.grid().shape()) + " is empty; reduce over other axes or check the input's "
                    + "size first");
        }
        ChunkGrid g = x.grid();
        int nd = g.ndim();
        int kept = 0;
        for (int i = 0; i < nd; i++) {
            if (!reduced[i] || keepdims) {
                kept++;
            }
        }
        long[] shape = new long[kept];
        int[] chunks = new int[kept];
        int k = 0;
        for (int i = 0; i < nd; i++) {
            if (!reduced[i]) {
                shape[k] = g.shape(i);
                chunks[k++] = g.chunks(i);
            } else if (keepdims) {
                shape[k] = 1;
                chunks[k++] = 1;
            }
        }
        return Creation.full(shape, chunks, recipe.identity(), recipe.resultType());
    }

    private static Params withAxes(Params p, int[] axes) {
        Params.Builder b = Params.builder();
        p.json().fields().forEachRemaining(e -> b.put(e.getKey(), e.getValue()));
        return b.put("axes", axes).build();
    }
}
