package dev.cubed.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest extends StoreContractTest {
    @TempDir
    Path dir;
    private int n;

    @Override
    Store store() {
        return new FileStore(dir.resolve("s" + n++));
    }

    @Test
    void urlAndLayout() throws Exception {
        FileStore s = new FileStore(dir);
        assertThat(s.url()).isEqualTo("file://" + dir.toAbsolutePath());
        s.put("x/y/z", bytes("v"));
        assertThat(Files.readString(dir.resolve("x/y/z"))).isEqualTo("v");
        s.deletePrefix("x/");
        assertThat(Files.exists(dir.resolve("x"))).isFalse(); // empty directories go too
    }

    /**
     * Whole-chunk reads and writes go through the JDK's per-thread native staging buffers in
     * pieces, so a worker thread does not keep chunk-sized native memory outside the heap.
     */
    @Test
    void largeObjectsAreStagedInPieces() throws Exception {
        FileStore s = new FileStore(dir);
        byte[] big = new byte[24 << 20];
        new java.util.Random(3).nextBytes(big);
        java.lang.management.BufferPoolMXBean direct = java.lang.management.ManagementFactory
                .getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        long[] grown = new long[2];
        byte[][] back = new byte[1][];
        // a fresh thread starts with no cached staging buffers; measure while it still holds them
        Thread t = new Thread(() -> {
            long before = direct.getMemoryUsed();
            s.put("big", ByteBuffer.wrap(big));
            grown[0] = direct.getMemoryUsed() - before;
            ByteBuffer got = s.get("big").orElseThrow();
            grown[1] = direct.getMemoryUsed() - before;
            back[0] = new byte[got.remaining()];
            got.get(back[0]);
        });
        t.start();
        t.join();
        assertThat(back[0]).isEqualTo(big);
        assertThat(grown[0]).as("native memory kept after a 24 MiB write").isLessThanOrEqualTo(2L << 20);
        assertThat(grown[1]).as("native memory kept after a 24 MiB read").isLessThanOrEqualTo(2L << 20);
    }

    /**
     * Readers racing a writer that keeps replacing one chunk only ever see a complete version,
     * and listings racing it never show the temporary files.
     */
    @Test
    void concurrentReadersNeverSeeAPartialObjectAndListingsNeverShowTempFiles() throws Exception {
        FileStore s = new FileStore(dir);
        int versions = 400;
        // version v is (1 + v % 7) * 64 KiB of the byte v: a torn read shows mixed bytes or a wrong length
        s.put("arr/c/0", version(0));
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (!done.get()) {
                    ByteBuffer b = s.get("arr/c/0").orElseThrow();
                    checkWhole(b);
                    reads++;
                }
                return reads;
            });
            Future<Integer> lister = pool.submit(() -> {
                int lists = 0;
                while (!done.get()) {
                    List<String> keys = s.list("arr/");
                    assertThat(keys).containsExactly("arr/c/0");
                    assertThat(s.listSizes("")).containsOnlyKeys("arr/c/0");
                    lists++;
                }
                return lists;
            });
            for (int v = 1; v <= versions; v++) {
                s.put("arr/c/0", version(v));
            }
            done.set(true);
            assertThat(reader.get()).isPositive();
            assertThat(lister.get()).isPositive();
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        checkWhole(s.get("arr/c/0").orElseThrow());
        try (Stream<Path> files = Files.list(dir.resolve("arr/c"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("0"); // no temp files left
        }
    }

    @Test
    void leftoverTempFilesAreNotListed() throws Exception {
        FileStore s = new FileStore(dir);
        s.put("a/k", bytes("v"));
        Files.write(dir.resolve("a/" + FileStore.TEMP_PREFIX + "123-k"), new byte[] {1});
        assertThat(s.list("")).containsExactly("a/k");
        assertThat(s.listSizes("a/")).containsOnlyKeys("a/k");
    }

    /** A temporary file as a writer with pid {@code writer} leaves it when killed mid-write. */
    private Path temporaryOf(long writer, String key) throws java.io.IOException {
        Path target = dir.resolve(key);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(FileStore.TEMP_PREFIX + writer + "-1f2e3d-" + target.getFileName());
        Files.write(tmp, new byte[] {1, 2, 3});
        return tmp;
    }

    /** A process that was started and killed: its pid names a writer that is gone. */
    private static long killedProcess() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        p.destroyForcibly();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aKilledWritersTemporaryFileGoesWithTheNextWriteOfItsKeyOrWithRemoveAbandonedWrites() throws Exception {
        FileStore s = new FileStore(dir);
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            Path dead = temporaryOf(killedProcess(), "arr/c/0");
            Path running = temporaryOf(alive.pid(), "arr/c/0");
            Path other = temporaryOf(killedProcess(), "arr/c/1");
            s.put("arr/c/0", bytes("v"));
            assertThat(dead).as("the killed writer's file").doesNotExist();
            assertThat(running).as("a running writer's file").exists();
            assertThat(other).as("another key's file waits for its own write").exists();

            assertThat(s.removeAbandonedWrites("arr/")).containsExactly("arr/c/" + other.getFileName());
            assertThat(other).doesNotExist();
            assertThat(running).exists();
            assertThat(s.list("")).containsExactly("arr/c/0");
        } finally {
            alive.destroyForcibly();
        }
    }

    @Test
    void deletePrefixRemovesTemporaryFilesAndTheirDirectories() throws Exception {
        FileStore s = new FileStore(dir);
        s.put("run/a/k", bytes("v"));
        temporaryOf(killedProcess(), "run/b/k");
        temporaryOf(ProcessHandle.current().pid(), "run/a/j");
        s.deletePrefix("run/");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    private static ByteBuffer version(int v) {
        byte[] b = new byte[(1 + v % 7) * 65536];
        java.util.Arrays.fill(b, (byte) v);
        return ByteBuffer.wrap(b);
    }

    private static void checkWhole(ByteBuffer b) {
        int len = b.remaining();
        assertThat(len).as("a read of a replaced object saw an empty (truncated) file").isPositive();
        byte first = b.get(0);
        int v = first & 0xFF;
        List<Integer> candidates = new ArrayList<>();
        for (int c = v; c <= 400; c += 256) {
            candidates.add((1 + c % 7) * 65536);
        }
        assertThat(candidates).as("length of a version starting with byte %d", v).contains(len);
        for (int i = 0; i < len; i++) {
            if (b.get(i) != first) {
                throw new AssertionError("torn read: byte " + i + " is " + b.get(i) + " but byte 0 is " + first);
            }
        }
    }

    /** A released chunk mapping is gone from the process at once, not at some later GC. */
    @Test
    void releaseUnmapsAMappedChunkAtOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs /proc/self/maps");
        FileStore s = new FileStore(dir.resolve("mapped"));
        byte[] data = new byte[(int) FileStore.MAP_THRESHOLD * 2];
        data[7] = 7;
        s.put("c/0/0", ByteBuffer.wrap(data));
        Path file = dir.resolve("mapped/c/0/0").toRealPath();
        ByteBuffer b = s.get("c/0/0").orElseThrow();
        assertThat(b.isDirect()).as("a chunk this large is mapped").isTrue();
        assertThat(b.get(7)).isEqualTo((byte) 7);
        assertThat(Files.readString(Path.of("/proc/self/maps"))).contains(file.toString());
        s.release(b);
        assertThat(Files.readString(Path.of("/proc/self/maps"))).doesNotContain(file.toString());
        assertThat(s.get("c/0/0").orElseThrow().get(7)).isEqualTo((byte) 7); // and it reads again
    }
}
