package dev.cubed.kernel.reduction;

import dev.cubed.block.Block;
import dev.cubed.block.Value;
import dev.cubed.kernel.Kernel;
import dev.cubed.kernel.KernelArgs;
import dev.cubed.kernel.Params;
import dev.cubed.kernel.Shapes;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in reductions and their kernels: for each reduction {@code r}, {@code r.initial}
 * (one single input block; parameter {@code axes}, the block axes to reduce, kept with length 1),
 * {@code r.combine} (two single intermediates of one shape, or one many-input folded in order) and
 * {@code r.aggregate} (one intermediate). Each kernel checks that its result has
 * {@link KernelArgs#outputBlockShape()}.
 */
public final class ReductionKernels {

    private static final Map<String, Reduction> REDUCTIONS = reductions();

    private ReductionKernels() {
    }

    private static Map<String, Reduction> reductions() {
        Map<String, Reduction> m = new LinkedHashMap<>();
        for (Reduction r : new Reduction[] {
            new SumReduction("sum", false, false),
            new SumReduction("nansum", false, true),
            new SumReduction("prod", true, false),
            new SumReduction("nanprod", true, true),
            new ExtremumReduction("max", true, false),
            new ExtremumReduction("min", false, false),
            new ExtremumReduction("nanmax", true, true),
            new ExtremumReduction("nanmin", false, true),
            new TruthReduction("all", TruthReduction.Kind.ALL),
            new TruthReduction("any", TruthReduction.Kind.ANY),
            new TruthReduction("count_nonzero", TruthReduction.Kind.COUNT),
            new MeanReduction("mean", false),
            new MeanReduction("nanmean", true),
            new VarianceReduction("var", false, false),
            new VarianceReduction("std", true, false),
            new VarianceReduction("nanvar", false, true),
            new VarianceReduction("nanstd", true, true),
            new ArgReduction("argmax", true),
            new ArgReduction("argmin", false),
        }) {
            m.put(r.name(), r);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The reductions by name. */
    public static Map<String, Reduction> reductionsByName() {
        return REDUCTIONS;
    }

    /** The reduction named {@code name}, or an error listing the known ones. */
    public static Reduction reduction(String name) {
        Reduction r = REDUCTIONS.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no built-in reduction '" + name + "'; known: " + REDUCTIONS.keySet());
        }
        return r;
    }

    /**
     * Three kernels per reduction: {@code <name>.initial}, {@code <name>.combine}, {@code <name>.aggregate};
     * plus {@code argmax.flat.initial} and {@code argmin.flat.initial} (see {@link FlatArgInitial}).
     */
    public static Map<String, Kernel> kernels() {
        Map<String, Kernel> m = new LinkedHashMap<>();
        for (Reduction r : REDUCTIONS.values()) {
            m.put(r.name() + ".initial", initial(r));
            m.put(r.name() + ".combine", combine(r));
            m.put(r.name() + ".aggregate", aggregate(r));
        }
        m.put("argmax.flat.initial", args -> FlatArgInitial.apply("argmax.flat.initial", true, args));
        m.put("argmin.flat.initial", args -> FlatArgInitial.apply("argmin.flat.initial", false, args));
        return Collections.unmodifiableMap(m);
    }

    private static Kernel initial(Reduction r) {
        String k = r.name() + ".initial";
        return args -> {
            Shapes.checkInputCount(k, args, 1);
            Block b = args.block(0);
            Params p = args.params();
            Value v = r.initial(b, p.getIntArray("axes"), args.origin(0), p);
            Shapes.checkOutput(k, v.shape(), args);
            return v;
        };
    }

    private static Kernel combine(Reduction r) {
        String k = r.name() + ".combine";
        return args -> {
            Value v;
            if (args.count() == 1 && args.isMany(0)) {
                Iterator<Value> it = args.many(0).iterator();
                if (!it.hasNext()) {
                    throw new IllegalArgumentException("kernel '" + k + "' was given no intermediates to combine");
                }
                v = it.next();
                while (it.hasNext()) {
                    v = r.combine(v, it.next(), args.params());
                }
            } else {
                Shapes.checkInputCount(k, args, 2);
                v = r.combine(args.value(0), args.value(1), args.params());
            }
            Shapes.checkOutput(k, v.shape(), args);
            return v;
        };
    }

    private static Kernel aggregate(Reduction r) {
        String k = r.name() + ".aggregate";
        return args -> {
            Shapes.checkInputCount(k, args, 1);
            Value v = r.aggregate(args.value(0), args.params());
            Shapes.checkOutput(k, v.shape(), args);
            return v;
        };
    }
}
