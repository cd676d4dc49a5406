package dev.cubed.array;

import dev.cubed.ops.Manipulation;
import dev.cubed.ops.Selection;
import dev.cubed.plan.ArrayNode;
import dev.cubed.primitive.AxisMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an index expression into a selection: integers, slices (any step), an ellipsis, new axes
 * and one integer list become one region read (each axis selecting independently) followed by a
 * reshape that drops the integer-indexed axes and inserts the new ones; the planner fuses the two.
 */
final class Indexing {
    private Indexing() {
    }

    static ArrayNode get(ArrayNode x, Object... items) {
        int nd = x.grid().ndim();
        List<Index> index = new ArrayList<>();
        int consuming = 0;
        int ellipses = 0;
        int takes = 0;
        for (Object item : items) {
            Index i = Index.of(item);
            index.add(i);
            if (i instanceof Index.Ellipsis) {
                ellipses++;
            } else if (!(i instanceof Index.NewAxis)) {
                consuming++;
                if (i instanceof Index.Take) {
                    takes++;
                }
            }
        }
        if (ellipses > 1) {
            throw new IndexOutOfBoundsException("an index can only have a single ellipsis ('...')");
        }
        if (consuming > nd) {
            throw new IndexOutOfBoundsException("too many indices for array: array is " + nd + "-dimensional, but "
                    + consuming + " were indexed");
        }
        if (takes > 1) {
            throw new IllegalArgumentException("only one integer-array index is supported; take along one axis at a "
                    + "time");
        }
        // expand the ellipsis (or add one at the end) into whole-axis slices
        List<Index> full = new ArrayList<>();
        boolean expanded = false;
        for (Index i : index) {
            if (i instanceof Index.Ellipsis) {
                for (int k = 0; k < nd - consuming; k++) {
                    full.add(Index.all());
                }
                expanded = true;
            } else {
                full.add(i);
            }
        }
        if (!expanded) {
            for (int k = 0; k < nd - consuming; k++) {
                full.add(Index.all());
            }
        }
        checkTakeAdjacency(full);

        List<AxisMap> maps = new ArrayList<>();
        long[] shape = new long[nd];
        int[] to = new int[nd];
        int out = 0;
        int axis = 0;
        for (Index i : full) {
            if (i instanceof Index.NewAxis) {
                out++;
                continue;
            }
            long n = x.grid().shape(axis);
            if (i instanceof Index.At at) {
                long j = Selection.normalizeIndex(at.index(), n, axis);
                maps.add(new AxisMap.Affine(j, 1));
                shape[axis] = 1;
                to[axis] = -1;
            } else if (i instanceof Index.Slice s) {
                long[] r = s.resolve(n);
                maps.add(r[1] == n && s.step() == 1 ? AxisMap.Affine.identity() : new AxisMap.Affine(r[0], s.step()));
                shape[axis] = r[1];
                to[axis] = out++;
            } else {
                long[] idx = ((Index.Take) i).indices();
                for (int k = 0; k < idx.length; k++) {
                    idx[k] = Selection.normalizeIndex(idx[k], n, axis);
                }
                maps.add(new AxisMap.Listed(idx));
                shape[axis] = idx.length;
                to[axis] = out++;
            }
            axis++;
        }
        ArrayNode selected = Selection.select(x, maps, shape, "index");
        return Manipulation.unitAxes(selected, out, to, "index");
    }

    /**
     * NumPy moves the axes of an integer list to the front when integers stand apart from it (a
     * rule that is easy to trip over); that case is refused rather than answered differently.
     */
    private static void checkTakeAdjacency(List<Index> full) {
        int take = -1;
        for (int k = 0; k < full.size(); k++) {
            if (full.get(k) instanceof Index.Take) {
                take = k;
            }
        }
        if (take < 0) {
            return;
        }
        int lo = take;
        int hi = take;
        for (int k = 0; k < full.size(); k++) {
            if (full.get(k) instanceof Index.At) {
                lo = Math.min(lo, k);
                hi = Math.max(hi, k);
            }
        }
        for (int k = lo; k <= hi; k++) {
            Index i = full.get(k);
            if (!(i instanceof Index.At || i instanceof Index.Take)) {
                throw new IllegalArgumentException("an integer-array index separated from integer indices by a slice or "
                        + "new axis is not supported (NumPy would move its axis to the front); index in two steps");
            }
        }
    }
}
