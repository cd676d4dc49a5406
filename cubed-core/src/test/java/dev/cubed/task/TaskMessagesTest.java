package dev.cubed.task;

import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.ValueType;
import dev.cubed.kernel.KernelRegistry;
import dev.cubed.kernel.Params;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import dev.cubed.primitive.Apply;
import dev.cubed.primitive.Arg;
import dev.cubed.primitive.ArgMode;
import dev.cubed.primitive.ArrayRef;
import dev.cubed.primitive.BlockExpr;
import dev.cubed.primitive.ChunkGrid;
import dev.cubed.primitive.ComputeSpec;
import dev.cubed.primitive.CreateArraysSpec;
import dev.cubed.primitive.Fold;
import dev.cubed.primitive.KeyMap;
import dev.cubed.primitive.OffsetMap;
import dev.cubed.primitive.OperationSpec;
import dev.cubed.primitive.ReadRegion;
import dev.cubed.primitive.RegionMap;
import dev.cubed.primitive.Source;
import dev.cubed.primitive.StoredArray;
import dev.cubed.primitive.VirtualArray;
import dev.cubed.storage.Storage;
import dev.cubed.storage.Store;
import dev.cubed.storage.zarr.ArrayMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Task messages end to end in one process: plans of every operation type are sent as encoded
 * messages (inline and by reference), decoded and resolved as a worker does, run with the task
 * runner, and their results compared with plain loops; and every way a message can be refused.
 */
class TaskMessagesTest {
    private static final int M = 9;
    private static final int N = 7;

    @TempDir
    Path dir;

    private Storage storage;
    private final TaskJson json = new TaskJson();

    @BeforeEach
    void setUp() {
        storage = Storage.defaults();
    }

    @AfterEach
    void tearDown() {
        storage.close();
    }

    private Cubed session() {
        return Cubed.session(Spec.builder().workDir(dir.resolve("work")).allowedMem("200MB").reservedMem(0).build(),
                storage);
    }

    private TaskMessages messages(int inlineLimit) {
        return TaskMessages.builder().storage(storage).workDir(dir.resolve("work").toUri().toString())
                .inlineLimit(inlineLimit).json(json).build();
    }

    /** Input values x[i][j] = i * N + j + 0.5, stored as a Zarr array so that plans read storage. */
    private LazyArray input(Cubed cb, int[] chunks) {
        double[] v = new double[M * N];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 0.5;
        }
        String url = dir.resolve("input-" + chunks[0] + "x" + chunks[1]).toUri().toString();
        ArrayMetadata meta = ArrayMetadata.builder().shape(new long[] {M, N}).chunks(chunks)
                .dataType(DataType.FLOAT64).fillValue(0).build();
        dev.cubed.storage.zarr.ZarrArray.create(storage.open(url), "", meta).write(new long[2], Block.of(v, M, N));
        return cb.fromZarr(url);
    }

    private static double x(int i, int j) {
        return i * N + j + 0.5;
    }

    @ParameterizedTest(name = "inline limit {0}")
    @ValueSource(ints = {TaskMessages.DEFAULT_INLINE_LIMIT, 0})
    void everyOperationTypeRunsFromDecodedMessages(int inlineLimit) {
        try (Cubed cb = session()) {
            LazyArray a = input(cb, new int[] {2, 3});
            // elementwise with a virtual operand (Apply over Source), then a tree reduction (Fold)
            LazyArray scaled = a.multiply(2).add(cb.arange(0, N, 1, 3, DataType.FLOAT64));
            LazyArray colSums = scaled.sum(new int[] {0}, false);
            // a rechunk copy: each task reads a region over several input chunks and writes several output chunks
            LazyArray rechunked = a.rechunk(6, 7);
            // matmul contracts chunks of both inputs
            LazyArray b = input(cb, new int[] {3, 2});
            LazyArray product = a.matmul(cb.fromArray(transposeOfX(), new int[] {3, 4}));
            FinalizedPlan plan = cb.plan(List.of(scaled, colSums, rechunked, product, b.add(1)));

            Set<String> kinds = new TreeSet<>();
            TaskMessages messages = messages(inlineLimit);
            OperationResolver resolver = new OperationResolver(storage, AllowedLocations.anywhere(), json, 4);
            TaskRunner runner = new TaskRunner(new TaskContext(storage, cb.kernels(), AllowedLocations.anywhere()));
            for (PlannedOperation op : plan.operations()) {
                kinds.addAll(kinds(op.spec()));
                PreparedOperation prepared = messages.prepare(op.spec());
                assertThat(prepared.isInline()).isEqualTo(inlineLimit > 0);
                List<long[]> all = new ArrayList<>();
                op.spec().taskGrid().allCoords().forEach(all::add);
                // batches of up to three tasks per message
                for (int from = 0; from < all.size(); from += 3) {
                    List<long[]> batch = all.subList(from, Math.min(all.size(), from + 3));
                    byte[] bytes = prepared.encode(batch);
                    if (inlineLimit == 0) {
                        assertThat(bytes.length).isLessThan(300);
                    }
                    TaskMessage message = json.readMessage(bytes);
                    assertThat(message.tasks()).hasSameSizeAs(batch);
                    OperationSpec decoded = resolver.resolve(message);
                    assertThat(tree(decoded)).isEqualTo(tree(op.spec()));
                    for (long[] t : message.tasks()) {
                        TaskStats stats = runner.run(decoded, t);
                        assertThat(stats.functionEndMillis()).isGreaterThanOrEqualTo(stats.functionStartMillis());
                    }
                }
            }
            assertThat(kinds).contains("create-arrays", "compute", "source", "region", "apply", "fold", "ONE", "ITER",
                    "blockwise", "contraction", "reduce", "stored", "virtual");

            List<ArrayRef> out = plan.outputs();
            Block s = (Block) runner.readAll(out.get(0));
            Block cs = (Block) runner.readAll(out.get(1));
            Block r = (Block) runner.readAll(out.get(2));
            Block p = (Block) runner.readAll(out.get(3));
            Block b1 = (Block) runner.readAll(out.get(4));
            for (int j = 0; j < N; j++) {
                double sum = 0;
                for (int i = 0; i < M; i++) {
                    assertThat(s.getDouble(i, j)).isEqualTo(2 * x(i, j) + j);
                    assertThat(r.getDouble(i, j)).isEqualTo(x(i, j));
                    assertThat(b1.getDouble(i, j)).isEqualTo(x(i, j) + 1);
                    sum += 2 * x(i, j) + j;
                }
                assertThat(cs.getDouble(j)).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-9));
            }
            for (int i = 0; i < M; i++) {
                for (int k = 0; k < M; k++) {
                    double dot = 0;
                    for (int j = 0; j < N; j++) {
                        dot += x(i, j) * x(k, j);
                    }
                    assertThat(p.getDouble(i, k)).isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-9));
                }
            }
            if (inlineLimit == 0) {
                assertThat(storage.open(messages.specDirectory()).list("")).isNotEmpty()
                        .allMatch(k -> k.matches("[0-9a-f]{64}\\.json"));
            }
        }
    }

    private static Block transposeOfX() {
        double[] v = new double[N * M];
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < M; i++) {
                v[j * M + i] = x(i, j);
            }
        }
        return Block.of(v, N, M);
    }

    @Test
    void handBuiltSpecWithEveryNodeKeyMapAndArrayKindRoundTrips() {
        ChunkGrid g = new ChunkGrid(new long[] {4, 6}, new int[] {2, 3});
        ArrayMetadata meta = ArrayMetadata.builder().shape(new long[] {4, 6}).chunks(new int[] {2, 3})
                .dataType(DataType.INT32).fillValue(0).build();
        ArrayMetadata metaF = ArrayMetadata.builder().shape(new long[] {4, 6}).chunks(new int[] {2, 3})
                .dataType(DataType.FLOAT32).fillValue(0).build();
        Map<String, ArrayMetadata> fields = new LinkedHashMap<>();
        fields.put("n", meta);
        fields.put("total", metaF);
        StoredArray structured = StoredArray.structured("s3://bucket/work/structured", fields);
        StoredArray plain = StoredArray.plain("s3://bucket/work/plain", meta);
        VirtualArray virtual = new VirtualArray(g, ValueType.plain(DataType.INT32), "full",
                Params.builder().put("value", 3).put("dtype", DataType.INT32).build());
        BlockExpr offset = new Source(1, g, ValueType.plain(DataType.INT32));
        BlockExpr region = new ReadRegion(2, new RegionMap.Strided(new long[] {3, 0}, new long[] {-1, 1}), g,
                ValueType.plain(DataType.INT32));
        Apply list = new Apply("testing.list", Params.empty(), List.of(
                new Arg(new Source(0, g, structured.type()), KeyMap.Identity.INSTANCE, ArgMode.ONE),
                new Arg(offset, new OffsetMap(new int[] {1, -1}, new long[] {0, 1}), ArgMode.ONE),
                Arg.same(region)), g, ValueType.plain(DataType.INT32));
        ComputeSpec spec = new ComputeSpec("op-009", List.of(structured, virtual, plain), list, plain);
        CreateArraysSpec create = new CreateArraysSpec("op-001", List.of(plain, structured));
        for (OperationSpec op : List.of(spec, create)) {
            TaskMessage m = TaskMessage.inline(op, List.of(new long[] {0, 0}, new long[] {1, 1}));
            TaskMessage back = json.readMessage(json.writeBytes(m));
            assertThat(tree(back.op())).isEqualTo(tree(op));
            assertThat(back.tasks()).containsExactly(new long[] {0, 0}, new long[] {1, 1});
        }
        assertThat(kinds(spec)).contains("identity", "offset", "region", "stored", "virtual");
        // the JSON names its types by the plan's own names, nothing else
        String text = json.write(TaskMessage.inline(spec, List.of(new long[] {0, 0})));
        assertThat(text).startsWith("{\"version\":2,\"op\":{\"op\":\"compute\"").doesNotContain("@class");
    }

    @Test
    void aMessageOfAnotherVersionIsRefusedBeforeItsFieldsAreRead() {
        byte[] v3 = "{\"version\":3,\"operation\":{\"new\":true},\"tasks\":[[0]]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> json.readMessage(v3)).isInstanceOf(IncompatibleMessageException.class)
                .hasMessage("this worker understands task message version 2; the client sent 3: deploy a worker built"
                        + " from the same release as the client");
        byte[] reply = "{\"version\":3,\"results\":[],\"coldStart\":true,\"workerVersion\":\"x\",\"more\":1}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> json.readReply(reply)).isInstanceOf(IncompatibleMessageException.class)
                .hasMessageStartingWith("this client understands task reply version 2; the worker sent 3");
    }

    @Test
    void malformedMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> json.readMessage(bytes("[1]"))).hasMessageContaining("expected an object");
        assertThatThrownBy(() -> json.readMessage(bytes("{\"tasks\":[[0]]}"))).hasMessageContaining("no integer 'version'");
        assertThatThrownBy(() -> json.readMessage(bytes("{\"version\":2,\"tasks\":[[0]]}")))
                .hasMessageContaining("either inline (op) or by reference (opRef): neither is set");
        String ref = "{\"url\":\"s3://b/w/task-specs/x.json\",\"sha256\":\"" + "a".repeat(64) + "\"}";
        assertThatThrownBy(() -> json.readMessage(bytes("{\"version\":2,\"opRef\":" + ref + ",\"tasks\":[]}")))
                .hasMessageContaining("at least one task");
        // strict: a field this build does not know fails rather than being ignored
        assertThatThrownBy(() -> json.readMessage(bytes("{\"version\":2,\"opRef\":" + ref + ",\"tasks\":[[0]],"
                + "\"priority\":1}"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> json.readMessage(bytes("{\"version\":2,\"opRef\":{\"url\":\"s3://b/x\",\"sha256\":"
                + "\"abc\"},\"tasks\":[[0]]}"))).hasMessageContaining("64 lower-case hex digits");
        TaskMessage ok = json.readMessage(bytes("{\"version\":2,\"opRef\":" + ref + ",\"tasks\":[[0,2]]}"));
        assertThat(ok.opRef().directoryUrl()).isEqualTo("s3://b/w/task-specs");
        assertThat(ok.opRef().objectName()).isEqualTo("x.json");
    }

    @Test
    void replyRoundTrips() {
        TaskReply reply = TaskReply.of(List.of(new TaskStats(10, 20, 1000, 2000, 5, 6, 1, 99)), true, "0.1.0");
        TaskReply back = json.readReply(json.writeBytes(reply));
        assertThat(back).isEqualTo(reply);
        assertThat(json.write(reply)).startsWith("{\"version\":2,\"results\":[{\"functionStart\":10,");
    }

    @Test
    void referencedSpecsAreCheckedCachedAndRefused() {
        try (Cubed cb = session()) {
            FinalizedPlan plan = cb.plan(List.of(input(cb, new int[] {3, 3}).add(1)));
            TaskMessages messages = messages(0);
            PreparedOperation create = messages.prepare(plan.operations().get(0).spec());
            PreparedOperation add = messages.prepare(plan.operations().get(1).spec());
            Store specs = storage.open(messages.specDirectory());
            OperationResolver resolver = new OperationResolver(storage, AllowedLocations.anywhere(), json, 1);

            TaskMessage m = json.readMessage(add.encode(List.of(new long[] {0, 0})));
            assertThat(tree(resolver.resolve(m))).isEqualTo(tree(add.spec()));
            assertThat(resolver.isCached(add.ref().sha256())).isTrue();
            // cached: the object is not read again
            specs.delete(add.ref().objectName());
            assertThat(tree(resolver.resolve(m))).isEqualTo(tree(add.spec()));
            // a cache of one entry: resolving another spec evicts it, and then the missing object is an error
            resolver.resolve(json.readMessage(create.encode(List.of(new long[] {0}))));
            assertThat(resolver.isCached(add.ref().sha256())).isFalse();
            assertThatThrownBy(() -> resolver.resolve(m)).isInstanceOf(PermanentTaskError.class)
                    .hasMessageStartingWith("no operation spec at " + add.ref().url());

            // changed after the client wrote it
            specs.put(add.ref().objectName(), ByteBuffer.wrap(json.writeBytes(create.spec())));
            assertThatThrownBy(() -> resolver.resolve(m)).isInstanceOf(PermanentTaskError.class)
                    .hasMessageContaining("has SHA-256 " + TaskMessages.sha256(json.writeBytes(create.spec())))
                    .hasMessageContaining("but the message expects " + add.ref().sha256());

            // the right hash of something that is not a spec
            byte[] junk = bytes("{\"hello\":1}");
            specs.put("junk.json", ByteBuffer.wrap(junk));
            OperationRef junkRef = new OperationRef(messages.specDirectory() + "/junk.json", TaskMessages.sha256(junk));
            assertThatThrownBy(() -> resolver.resolve(TaskMessage.byReference(junkRef, List.of(new long[] {0}))))
                    .isInstanceOf(PermanentTaskError.class).hasMessageContaining("is not an operation spec");

            // a worker restricted to another location
            OperationResolver restricted = new OperationResolver(storage, AllowedLocations.parse("s3://elsewhere/"),
                    json, 4);
            assertThatThrownBy(() -> restricted.resolve(m)).isInstanceOf(PermanentTaskError.class)
                    .hasMessageContaining("refusing to read the operation spec at " + add.ref().url());
        }
    }

    @Test
    void refusedWritesAndUnknownTasksArePermanentFailures() {
        try (Cubed cb = session()) {
            FinalizedPlan plan = cb.plan(List.of(input(cb, new int[] {3, 3}).add(1)));
            TaskRunner restricted = new TaskRunner(new TaskContext(storage, KernelRegistry.load(),
                    AllowedLocations.parse("s3://only-here/")));
            OperationSpec create = plan.operations().get(0).spec();
            assertThatThrownBy(() -> restricted.run(create, new long[] {0})).isInstanceOf(TaskRunException.class)
                    .matches(e -> ((TaskRunException) e).isPermanent())
                    .hasMessageContaining("op-001, chunk [0]: refusing to create");
            TaskRunner open = new TaskRunner(cb.taskContext());
            assertThatThrownBy(() -> open.run(create, new long[] {5})).isInstanceOf(TaskRunException.class)
                    .matches(e -> ((TaskRunException) e).isPermanent()).hasMessageContaining("no such task");
        }
    }

    /** The spec's JSON text: what crosses the process boundary (binary parameters compare as their base64). */
    private String tree(OperationSpec spec) {
        return json.write(spec);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Names of the operation, node, key map, argument mode and array kinds a spec uses. */
    private static Set<String> kinds(OperationSpec spec) {
        Set<String> out = new TreeSet<>();
        if (spec instanceof CreateArraysSpec c) {
            out.add("create-arrays");
            c.arrays().forEach(a -> out.add("stored"));
            return out;
        }
        ComputeSpec cs = (ComputeSpec) spec;
        out.add("compute");
        for (ArrayRef in : cs.inputs()) {
            out.add(in instanceof StoredArray ? "stored" : "virtual");
        }
        walk(cs.root(), out);
        return out;
    }

    private static void walk(BlockExpr e, Set<String> out) {
        if (e instanceof Source) {
            out.add("source");
        } else if (e instanceof ReadRegion) {
            out.add("region");
        } else if (e instanceof Apply a) {
            out.add("apply");
            for (Arg arg : a.args()) {
                edge(arg, out);
            }
        } else if (e instanceof Fold f) {
            out.add("fold");
            edge(f.input(), out);
        }
    }

    private static void edge(Arg arg, Set<String> out) {
        out.add(arg.mode().name());
        String name = arg.keys().getClass().getSimpleName();
        out.add(name.equals("Identity") ? "identity" : name.replace("Map", "").toLowerCase(java.util.Locale.ROOT));
        walk(arg.expr(), out);
    }
}
