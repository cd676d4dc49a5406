package dev.cubed.plan;

import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArrayRef;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.CreateArraysSpec;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.Source;
import dev.cubed.primitive.StoredArray;
import dev.cubed.primitive.VirtualArray;
import dev.cubed.storage.zarr.ArrayMetadata;
import dev.cubed.storage.zarr.codec.Codec;
import dev.cubed.task.TaskJson;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a lazy graph into a {@link FinalizedPlan}: orders operations, fuses blockwise chains
 * (within the source-array, input-block and memory limits), places every array that remains
 * materialised in storage, adds the {@code create-arrays} operation and projects memory.
 *
 * <p>Names are given in topological order ({@code op-001}, {@code array-001}), so the same
 * program produces the same plan, and intermediate arrays live under a directory named by a hash
 * of the plan's content: rerunning the same computation finds its earlier intermediates, which
 * is what lets {@code resume} continue where a killed run stopped.
 */
public final class Planner {
    private static final String PENDING_DIR = "cubed-pending";

    private final PlanSettings settings;
    private final MemoryModel memory;
    private final List<Codec> intermediateCodecs;

    private Planner(PlanSettings settings) {
        this.settings = settings;
        this.memory = settings.memoryModel();
        this.intermediateCodecs = settings.intermediateCodecs();
    }

    public static FinalizedPlan finalizePlan(List<ArrayNode> outputs, PlanSettings settings) {
        return new Planner(settings).run(outputs);
    }

    /** An operation after fusion: its block function over its (materialised or virtual) inputs. */
    private static final class Form {
        final OpNode op;
        BlockExpr root;
        List<ArrayNode> inputs;
        final List<String> labels = new ArrayList<>();
        long extra;
        int fused = 1;

        Form(OpNode op) {
            this.op = op;
            this.root = op.root();
            this.inputs = op.inputs();
            this.labels.add(op.label());
            this.extra = op.extraMem();
        }
    }

    private FinalizedPlan run(List<ArrayNode> outputs) {
        List<OpNode> order = topologicalOps(outputs);
        Map<OpNode, ArrayNode> outputOf = outputsOf(order, outputs);
        Map<ArrayNode, Integer> consumers = consumerCounts(order);
        Set<ArrayNode> requested = identitySet(outputs);

        Map<OpNode, Form> forms = new IdentityHashMap<>();
        Set<OpNode> fusedAway = identitySet(List.of());
        for (OpNode op : order) {
            Form form = new Form(op);
            if ((settings.optimize() || op.target().isPresent()) && op.fusable()) {
                fusePredecessors(form, forms, consumers, requested, fusedAway);
            }
            forms.put(op, form);
        }
        List<Form> kept = new ArrayList<>();
        for (OpNode op : order) {
            if (!fusedAway.contains(op)) {
                kept.add(forms.get(op));
            }
        }
        List<Siblings> groups = settings.optimize() ? groupSiblings(kept, outputOf)
                : kept.stream().map(Siblings::of).toList();

        // name arrays and operations in topological order
        Map<ArrayNode, String> arrayNames = new IdentityHashMap<>();
        Map<Siblings, String> opNames = new IdentityHashMap<>();
        int opCounter = 1;
        for (Siblings g : groups) {
            opNames.put(g, String.format("op-%03d", ++opCounter));
        }
        int arrayCounter = 0;
        for (Siblings g : groups) {
            for (Form f : g.members) {
                arrayNames.put(outputOf.get(f.op), String.format("array-%03d", ++arrayCounter));
            }
        }

        // build once with a placeholder directory to hash the plan, then with the real one
        List<PlannedOperation> draft = build(groups, outputs, outputOf, opNames, arrayNames, dir(PENDING_DIR), null, null);
        String hash = hash(draft);
        String intermediateDir = dir("cubed-" + hash);
        List<ArrayRef> outputRefs = new ArrayList<>();
        // every array the plan writes records the plan: resume reuses only chunks this plan wrote
        List<PlannedOperation> ops = build(groups, outputs, outputOf, opNames, arrayNames, intermediateDir, outputRefs,
                hash);
        return new FinalizedPlan(ops, outputRefs, settings, intermediateDir);
    }

    private String dir(String name) {
        return settings.workDir() + "/" + name;
    }

    // ------------------------------------------------------------------ graph traversal

    private static List<OpNode> topologicalOps(List<ArrayNode> outputs) {
        List<OpNode> order = new ArrayList<>();
        Set<OpNode> visited = identitySet(List.of());
        Set<OpNode> onStack = identitySet(List.of());
        for (ArrayNode a : outputs) {
            visit(a, order, visited, onStack);
        }
        return order;
    }

    private static void visit(ArrayNode a, List<OpNode> order, Set<OpNode> visited, Set<OpNode> onStack) {
        if (!a.isComputed()) {
            return;
        }
        // iterative would avoid deep recursion, but graphs are at most thousands of operations deep
        OpNode op = a.producer();
        if (visited.contains(op)) {
            return;
        }
        if (!onStack.add(op)) {
            throw new IllegalStateException("the graph has a cycle through " + op.label());
        }
        for (ArrayNode in : op.inputs()) {
            visit(in, order, visited, onStack);
        }
        onStack.remove(op);
        visited.add(op);
        order.add(op);
    }

    private static Map<ArrayNode, Integer> consumerCounts(List<OpNode> order) {
        Map<ArrayNode, Integer> counts = new IdentityHashMap<>();
        for (OpNode op : order) {
            for (ArrayNode in : identitySet(op.inputs())) {
                counts.merge(in, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The array each operation computes: the node whose producer it is (each operation has one). */
    private static Map<OpNode, ArrayNode> outputsOf(List<OpNode> order, List<ArrayNode> outputs) {
        Map<OpNode, ArrayNode> out = new IdentityHashMap<>();
        for (ArrayNode a : outputs) {
            if (a.isComputed()) {
                out.putIfAbsent(a.producer(), a);
            }
        }
        for (OpNode o : order) {
            for (ArrayNode in : o.inputs()) {
                if (in.isComputed()) {
                    out.putIfAbsent(in.producer(), in);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ fusion

    private void fusePredecessors(Form form, Map<OpNode, Form> forms, Map<ArrayNode, Integer> consumers,
                                  Set<ArrayNode> requested, Set<OpNode> fusedAway) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < form.inputs.size(); i++) {
                ArrayNode in = form.inputs.get(i);
                if (!in.isComputed()) {
                    continue;
                }
                OpNode pred = in.producer();
                Form pf = forms.get(pred);
                // a pure store (its root only reads its input) absorbs any producer, copies included:
                // the producer then writes straight to the store's target
                boolean storeOnly = form.root instanceof Source;
                if (!settings.optimize() && !storeOnly) {
                    continue;
                }
                if (pf == null || (!pred.fusable() && !storeOnly) || pred.target().isPresent() || requested.contains(in)
                        || consumers.getOrDefault(in, 0) != 1 || readsRegionOf(form.root, i)) {
                    continue;
                }
                if (tryFuse(form, i, pf)) {
                    fusedAway.add(pred);
                    changed = true;
                    break;
                }
            }
        }
    }

    private boolean tryFuse(Form form, int index, Form pred) {
        List<ArrayNode> merged = new ArrayList<>();
        int[] remap = new int[form.inputs.size()];
        for (int k = 0; k < form.inputs.size(); k++) {
            if (k == index) {
                remap[k] = -1;
                continue;
            }
            remap[k] = indexOrAdd(merged, form.inputs.get(k));
        }
        int[] predRemap = new int[pred.inputs.size()];
        for (int k = 0; k < pred.inputs.size(); k++) {
            predRemap[k] = indexOrAdd(merged, pred.inputs.get(k));
        }
        BlockExpr predRoot = renumber(pred.root, k -> predRemap[k]);
        BlockExpr newRoot = substitute(form.root, index, predRoot, remap);

        int sources = countSources(merged);
        if (sources > Math.max(settings.maxSourceArrays(), countSources(form.inputs))) {
            return false;
        }
        long blocks = MemoryModel.inputBlocks(newRoot);
        if (blocks > Math.max(settings.maxInputBlocks(), MemoryModel.inputBlocks(form.root))) {
            return false;
        }
        long projected = memory.projected(newRoot, infos(merged), form.extra + pred.extra);
        if (projected > settings.allowedMem()) {
            return false;
        }
        form.root = newRoot;
        form.inputs = merged;
        form.extra += pred.extra;
        List<String> labels = new ArrayList<>(pred.labels);
        labels.addAll(form.labels);
        form.labels.clear();
        form.labels.addAll(labels);
        form.fused += pred.fused;
        return true;
    }

    private static boolean readsRegionOf(BlockExpr e, int input) {
        if (e instanceof ReadRegion r) {
            return r.input() == input;
        }
        if (e instanceof Apply a) {
            for (Arg arg : a.args()) {
                if (readsRegionOf(arg.expr(), input)) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof Fold f) {
            return readsRegionOf(f.input().expr(), input);
        }
        return false;
    }

    private static int indexOrAdd(List<ArrayNode> list, ArrayNode node) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == node) {
                return i;
            }
        }
        list.add(node);
        return list.size() - 1;
    }

    private static int countSources(List<ArrayNode> inputs) {
        int n = 0;
        for (ArrayNode a : inputs) {
            if (a.isComputed() || !(a.source() instanceof VirtualArray)) {
                n++;
            }
        }
        return n;
    }

    private static List<MemoryModel.InputInfo> infos(List<ArrayNode> inputs) {
        List<MemoryModel.InputInfo> out = new ArrayList<>(inputs.size());
        for (ArrayNode a : inputs) {
            long chunk = a.grid().chunkSize() * a.type().itemSize();
            boolean virtual = !a.isComputed() && a.source() instanceof VirtualArray;
            out.add(new MemoryModel.InputInfo(chunk, virtual));
        }
        return out;
    }

    /** Renumbers the input indices of every leaf. */
    static BlockExpr renumber(BlockExpr e, java.util.function.IntUnaryOperator map) {
        if (e instanceof Source s) {
            return new Source(map.applyAsInt(s.input()), s.grid(), s.type());
        }
        if (e instanceof ReadRegion r) {
            return new ReadRegion(map.applyAsInt(r.input()), r.region(), r.grid(), r.type());
        }
        if (e instanceof Apply a) {
            List<Arg> args = new ArrayList<>();
            for (Arg arg : a.args()) {
                args.add(arg.withExpr(renumber(arg.expr(), map)));
            }
            return a.withArgs(args);
        }
        Fold f = (Fold) e;
        return f.withInput(f.input().withExpr(renumber(f.input().expr(), map)));
    }

    /** Replaces leaves reading input {@code index} by {@code replacement}; renumbers the others. */
    private static BlockExpr substitute(BlockExpr e, int index, BlockExpr replacement, int[] remap) {
        if (e instanceof Source s) {
            return s.input() == index ? replacement : new Source(remap[s.input()], s.grid(), s.type());
        }
        if (e instanceof ReadRegion r) {
            return new ReadRegion(remap[r.input()], r.region(), r.grid(), r.type());
        }
        if (e instanceof Apply a) {
            List<Arg> args = new ArrayList<>();
            for (Arg arg : a.args()) {
                args.add(arg.withExpr(substitute(arg.expr(), index, replacement, remap)));
            }
            return a.withArgs(args);
        }
        Fold f = (Fold) e;
        return f.withInput(f.input().withExpr(substitute(f.input().expr(), index, replacement, remap)));
    }

    // ------------------------------------------------------------------ sibling fusion

    /**
     * Operations computed together as one operation with several outputs, each output's block
     * function renumbered to read the group's inputs.
     */
    private static final class Siblings {
        final List<Form> members = new ArrayList<>();
        final List<ArrayNode> inputs = new ArrayList<>();
        final List<BlockExpr> roots = new ArrayList<>();

        static Siblings of(Form f) {
            Siblings g = new Siblings();
            g.add(f);
            return g;
        }

        void add(Form f) {
            int[] remap = new int[f.inputs.size()];
            for (int k = 0; k < remap.length; k++) {
                remap[k] = indexOrAdd(inputs, f.inputs.get(k));
            }
            members.add(f);
            roots.add(renumber(f.root, k -> remap[k]));
        }

        Siblings with(Siblings other) {
            Siblings g = new Siblings();
            members.forEach(g::add);
            other.members.forEach(g::add);
            return g;
        }

        long extra() {
            long e = 0;
            for (Form f : members) {
                e += f.extra;
            }
            return e;
        }

    }

    /**
     * Groups operations that read a common input over the same task grid into multi-output
     * operations, so each task reads the shared chunks once. Two groups merge only when neither
     * depends on the other (directly or through other groups), their block functions can run
     * together with bounded memory ({@link ComputeSpec#sharing(List)}), and the merged operation
     * still fits allowed_mem and the source-array limit. The groups come back in an order that
     * respects every dependency.
     */
    private List<Siblings> groupSiblings(List<Form> kept, Map<OpNode, ArrayNode> outputOf) {
        List<Siblings> groups = new ArrayList<>();
        Map<Form, Siblings> groupOf = new IdentityHashMap<>();
        Map<ArrayNode, List<Form>> readers = new IdentityHashMap<>();
        List<ArrayNode> shared = new ArrayList<>();
        for (Form f : kept) {
            Siblings g = Siblings.of(f);
            groups.add(g);
            groupOf.put(f, g);
            for (ArrayNode in : identitySet(f.inputs)) {
                List<Form> rs = readers.computeIfAbsent(in, k -> new ArrayList<>());
                rs.add(f);
                if (rs.size() == 2) {
                    shared.add(in);
                }
            }
        }
        for (ArrayNode in : shared) {
            // pairs of readers of one array; a very widely read array is left alone (the checks are quadratic)
            List<Form> rs = readers.get(in);
            if (rs.size() > MAX_SIBLING_CANDIDATES) {
                continue;
            }
            for (int i = 0; i < rs.size(); i++) {
                for (int j = i + 1; j < rs.size(); j++) {
                    Siblings a = groupOf.get(rs.get(i));
                    Siblings b = groupOf.get(rs.get(j));
                    if (a == b || !canRunTogether(a, b)) {
                        continue;
                    }
                    Map<ArrayNode, Siblings> producer = producers(groups, outputOf);
                    if (dependsOn(producer, a, b) || dependsOn(producer, b, a)) {
                        continue;
                    }
                    Siblings m = a.with(b);
                    long projected = memory.projected(m.roots, ComputeSpec.sharing(outputsOf(m)), infos(m.inputs),
                            m.extra());
                    int sourceLimit = Math.max(settings.maxSourceArrays(),
                            Math.max(countSources(a.inputs), countSources(b.inputs)));
                    if (projected > settings.allowedMem() || countSources(m.inputs) > sourceLimit) {
                        continue;
                    }
                    groups.set(groups.indexOf(a), m);
                    groups.remove(b);
                    m.members.forEach(f -> groupOf.put(f, m));
                }
            }
        }
        return inDependencyOrder(groups, outputOf);
    }

    private static final int MAX_SIBLING_CANDIDATES = 32;

    private static boolean canRunTogether(Siblings a, Siblings b) {
        ChunkGrid grid = a.roots.get(0).grid();
        for (Siblings g : List.of(a, b)) {
            for (int k = 0; k < g.members.size(); k++) {
                Form f = g.members.get(k);
                // one chunk of each output per task: the grids of a multi-output operation are one
                if (!f.root.grid().equals(grid) || !f.op.outputGrid().equals(grid)) {
                    return false;
                }
            }
        }
        Siblings m = a.with(b);
        return ComputeSpec.sharing(outputsOf(m)) != null;
    }

    /** The outputs' block functions, with placeholder arrays: enough to classify how they share reads. */
    private static List<ComputeSpec.Output> outputsOf(Siblings g) {
        List<ComputeSpec.Output> outs = new ArrayList<>();
        for (BlockExpr root : g.roots) {
            outs.add(new ComputeSpec.Output(root, PLACEHOLDER));
        }
        return outs;
    }

    private static final StoredArray PLACEHOLDER = StoredArray.plain("memory://sibling-check",
            ArrayMetadata.builder().shape(1).chunks(1).dataType(DataType.FLOAT64).build());

    /** True when some member of {@code a} reads, directly or through other groups, an output of {@code b}. */
    private static boolean dependsOn(Map<ArrayNode, Siblings> producer, Siblings a, Siblings b) {
        Set<Siblings> seen = identitySet(List.of());
        List<Siblings> stack = new ArrayList<>(List.of(a));
        while (!stack.isEmpty()) {
            Siblings g = stack.remove(stack.size() - 1);
            for (ArrayNode in : g.inputs) {
                Siblings p = producer.get(in);
                if (p == b) {
                    return true;
                }
                if (p != null && seen.add(p)) {
                    stack.add(p);
                }
            }
        }
        return false;
    }

    private static Map<ArrayNode, Siblings> producers(List<Siblings> groups, Map<OpNode, ArrayNode> outputOf) {
        Map<ArrayNode, Siblings> producer = new IdentityHashMap<>();
        for (Siblings g : groups) {
            for (Form f : g.members) {
                producer.put(outputOf.get(f.op), g);
            }
        }
        return producer;
    }

    /** Groups in an order where every group comes after the groups it reads from (stable otherwise). */
    private static List<Siblings> inDependencyOrder(List<Siblings> groups, Map<OpNode, ArrayNode> outputOf) {
        Map<ArrayNode, Siblings> producer = producers(groups, outputOf);
        List<Siblings> out = new ArrayList<>();
        Set<Siblings> placed = identitySet(List.of());
        while (out.size() < groups.size()) {
            int before = out.size();
            for (Siblings g : groups) {
                if (placed.contains(g)) {
                    continue;
                }
                boolean ready = true;
                for (ArrayNode in : g.inputs) {
                    Siblings p = producer.get(in);
                    if (p != null && p != g && !placed.contains(p)) {
                        ready = false;
                        break;
                    }
                }
                if (ready) {
                    out.add(g);
                    placed.add(g);
                    break;
                }
            }
            if (out.size() == before) {
                throw new IllegalStateException("sibling fusion made a cycle between operations; this is a bug");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ building specs

    private List<PlannedOperation> build(List<Siblings> groups, List<ArrayNode> outputs,
                                         Map<OpNode, ArrayNode> outputOf, Map<Siblings, String> opNames,
                                         Map<ArrayNode, String> arrayNames, String intermediateDir,
                                         List<ArrayRef> outputRefs, String fingerprint) {
        Map<ArrayNode, ArrayRef> refs = new IdentityHashMap<>();
        Function<ArrayNode, ArrayRef> refOf = node -> refs.computeIfAbsent(node, n -> {
            if (!n.isComputed()) {
                return n.source();
            }
            String url = n.producer().target().map(StoreTarget::url)
                    .orElse(intermediateDir + "/" + arrayNames.get(n));
            return storedArray(url, n.grid(), n.type(), n.producer().target().orElse(null), fingerprint);
        });

        List<PlannedOperation> ops = new ArrayList<>();
        List<StoredArray> toCreate = new ArrayList<>();
        Map<ArrayNode, String> producerName = new IdentityHashMap<>();
        for (Siblings g : groups) {
            for (Form f : g.members) {
                producerName.put(outputOf.get(f.op), opNames.get(g));
            }
        }
        for (Siblings g : groups) {
            String name = opNames.get(g);
            List<ArrayRef> inputRefs = new ArrayList<>();
            List<String> deps = new ArrayList<>();
            deps.add("op-001");
            for (ArrayNode in : g.inputs) {
                inputRefs.add(refOf.apply(in));
                String dep = producerName.get(in);
                if (dep != null && !deps.contains(dep)) {
                    deps.add(dep);
                }
            }
            List<ComputeSpec.Output> outs = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            int fused = 0;
            for (int k = 0; k < g.members.size(); k++) {
                Form f = g.members.get(k);
                StoredArray target = (StoredArray) refOf.apply(outputOf.get(f.op));
                toCreate.add(target);
                outs.add(new ComputeSpec.Output(g.roots.get(k), target));
                labels.add(String.join(" → ", f.labels));
                fused += f.fused;
            }
            ComputeSpec spec = new ComputeSpec(name, inputRefs, outs);
            List<MemoryModel.InputInfo> infos = new ArrayList<>();
            for (ArrayRef r : inputRefs) {
                infos.add(MemoryModel.InputInfo.of(r));
            }
            long projected = memory.projected(g.roots, spec.sharing(), infos, g.extra());
            ops.add(new PlannedOperation(name, label(labels), spec, projected, spec.numTasks(), deps, fused));
        }
        CreateArraysSpec create = new CreateArraysSpec("op-001", toCreate);
        ops.add(0, new PlannedOperation("op-001", "create-arrays", create, settings.reservedMem(),
                create.numTasks(), List.of(), 1));
        if (outputRefs != null) {
            for (ArrayNode a : outputs) {
                outputRefs.add(refOf.apply(a));
            }
        }
        return ops;
    }

    /** An operation's label: its parts' labels, or one of them times n when all are alike ({@code mean (x3)}). */
    private static String label(List<String> labels) {
        if (labels.size() > 1 && labels.stream().distinct().count() == 1) {
            return labels.get(0) + " (x" + labels.size() + ")";
        }
        return String.join(" + ", labels);
    }

    private StoredArray storedArray(String url, ChunkGrid grid, ValueType type, StoreTarget target, String fingerprint) {
        if (type.isPlain()) {
            return StoredArray.plain(url, metadata(grid, type.dtype(), target, fingerprint));
        }
        Map<String, ArrayMetadata> fields = new LinkedHashMap<>();
        type.fields().forEach((name, dt) -> fields.put(name, metadata(grid, dt, target, fingerprint)));
        return StoredArray.structured(url, fields);
    }

    private ArrayMetadata metadata(ChunkGrid grid, DataType dtype, StoreTarget target, String fingerprint) {
        ArrayMetadata template = target == null ? null : target.template();
        ArrayMetadata.Builder b = template == null ? ArrayMetadata.builder() : template.toBuilder();
        b.shape(grid.shape()).chunks(grid.chunks()).dataType(dtype);
        if (template == null || template.dataType() != dtype) {
            b.fillValue(dtype.isBool() ? (Object) Boolean.FALSE : (Object) 0);
        }
        if (target == null) {
            b.checksummedCodecs(intermediateCodecs);
        }
        if (fingerprint != null) {
            ArrayMetadata m = b.build();
            com.fasterxml.jackson.databind.node.ObjectNode attrs = m.attributes();
            attrs.put(PlanFingerprint.ATTRIBUTE, fingerprint);
            return m.toBuilder().attributes(attrs).build();
        }
        return b.build();
    }

    private String hash(List<PlannedOperation> draft) {
        TaskJson json = new TaskJson();
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (PlannedOperation op : draft) {
                md.update(json.writeBytes(op.spec()));
            }

            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Set<T> identitySet(List<T> items) {
        Set<T> s = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(items);
        return s;
    }
}
