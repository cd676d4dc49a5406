package dev.cubed.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole {@link Store} contract (reads and writes), run against every writable implementation. */
abstract class StoreContractTest extends ReadableStoreContractTest {

    /** A fresh, empty store. */
    abstract Store store();

    @Override
    Store storeHolding(Map<String, byte[]> objects) {
        Store s = store();
        objects.forEach((k, v) -> s.put(k, ByteBuffer.wrap(v)));
        return s;
    }

    @Test
    void putGetExistsDelete() {
        Store s = store();
        assertThat(s.get("a/b")).isEmpty();
        assertThat(s.exists("a/b")).isFalse();
        s.put("a/b", bytes("hello"));
        assertThat(s.exists("a/b")).isTrue();
        ByteBuffer got = s.get("a/b").orElseThrow();
        assertThat(got.position()).isZero();
        assertThat(text(got)).isEqualTo("hello");
        s.put("a/b", bytes("replaced"));
        assertThat(text(s.get("a/b").orElseThrow())).isEqualTo("replaced");
        s.delete("a/b");
        assertThat(s.exists("a/b")).isFalse();
        assertThat(s.get("a/b")).isEmpty();
        s.delete("a/b"); // deleting what is not there is fine
    }

    @Test
    void putWritesTheRemainingBytesOnly() {
        Store s = store();
        ByteBuffer b = bytes("xxpayloadyy");
        b.position(2).limit(9);
        s.put("k", b);
        assertThat(text(s.get("k").orElseThrow())).isEqualTo("payload");
        assertThat(b.position()).isEqualTo(2); // the caller's buffer is untouched
        s.put("empty", ByteBuffer.allocate(0));
        assertThat(s.get("empty").orElseThrow().remaining()).isZero();
    }

    @Test
    void listIsRecursiveAndPrefixed() {
        Store s = store();
        for (String k : List.of("arr/zarr.json", "arr/c/0/0", "arr/c/0/1", "arr/c/1/0", "arrow/x", "other/y", "top")) {
            s.put(k, bytes(k));
        }
        assertThat(s.list("arr/")).containsExactlyInAnyOrder("arr/zarr.json", "arr/c/0/0", "arr/c/0/1", "arr/c/1/0");
        assertThat(s.list("arr/c/0/")).containsExactlyInAnyOrder("arr/c/0/0", "arr/c/0/1");
        assertThat(s.list("arr")).hasSize(5);
        assertThat(s.list("")).hasSize(7);
        assertThat(s.list("nothing/")).isEmpty();
        assertThat(s.listSizes("arr/c/")).containsEntry("arr/c/1/0", 9L).hasSize(3);
        s.deletePrefix("arr/");
        assertThat(s.list("")).containsExactlyInAnyOrder("arrow/x", "other/y", "top");
    }

    @Test
    void badKeysAreRejected() {
        Store s = store();
        for (String bad : new String[] {"", "/abs", "a//b", "a/../b", "../x", "a/./b", "trailing/"}) {
            assertThatThrownBy(() -> s.put(bad, bytes("x"))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
