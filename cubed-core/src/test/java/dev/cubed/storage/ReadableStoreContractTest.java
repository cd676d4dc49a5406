package dev.cubed.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reading half of the {@link Store} contract, which read-only stores (HTTP) must keep too:
 * whole objects, ranges, suffixes, existence and key checks.
 */
abstract class ReadableStoreContractTest {

    /** A store holding exactly these objects. */
    abstract Store storeHolding(Map<String, byte[]> objects);

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    static Map<String, byte[]> objects(String... keysAndValues) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void getsWholeObjectsAndReportsMissingOnes() {
        Store s = storeHolding(objects("a/b", "hello", "a/.zattrs", "{}", "empty", ""));
        ByteBuffer got = s.get("a/b").orElseThrow();
        assertThat(got.position()).isZero();
        assertThat(text(got)).isEqualTo("hello");
        assertThat(text(s.get("a/.zattrs").orElseThrow())).isEqualTo("{}");
        assertThat(s.get("empty").orElseThrow().remaining()).isZero();
        assertThat(s.exists("a/b")).isTrue();
        assertThat(s.exists("empty")).isTrue();
        assertThat(s.get("a/missing")).isEmpty();
        assertThat(s.get("a")).isEmpty(); // a "directory" is not an object
        assertThat(s.exists("a/missing")).isFalse();
        assertThat(s.exists("nothing/here/at/all")).isFalse();
    }

    @Test
    void rangesAndSuffixes() {
        Store s = storeHolding(objects("r", "0123456789"));
        assertThat(text(s.getRange("r", 2, 3).orElseThrow())).isEqualTo("234");
        assertThat(text(s.getRange("r", 0, 10).orElseThrow())).isEqualTo("0123456789");
        assertThat(text(s.getRange("r", 8, 100).orElseThrow())).isEqualTo("89");
        assertThat(s.getRange("r", 20, 5).orElseThrow().remaining()).isZero();
        assertThat(s.getRange("r", 3, 0).orElseThrow().remaining()).isZero();
        assertThat(text(s.getSuffix("r", 4).orElseThrow())).isEqualTo("6789");
        assertThat(text(s.getSuffix("r", 50).orElseThrow())).isEqualTo("0123456789");
        assertThat(s.getSuffix("r", 0).orElseThrow().remaining()).isZero();
        assertThat(s.getRange("missing", 0, 4)).isEmpty();
        assertThat(s.getRange("missing", 0, 0)).isEmpty();
        assertThat(s.getSuffix("missing", 4)).isEmpty();
    }

    @Test
    void keysWithSpacesAndNonAsciiCharacters() {
        Store s = storeHolding(objects("dir with space/x%41+y", "odd", "ü/€", "unicode"));
        assertThat(text(s.get("dir with space/x%41+y").orElseThrow())).isEqualTo("odd");
        assertThat(text(s.get("ü/€").orElseThrow())).isEqualTo("unicode");
        assertThat(s.get("dir with space/xA+y")).isEmpty(); // '%' is a character of the key, not an escape
    }

    @Test
    void badKeysAreRejectedOnRead() {
        Store s = storeHolding(objects("k", "v"));
        for (String bad : new String[] {"", "/abs", "a//b", "a/../b", "../x", "a/./b", "trailing/"}) {
            assertThatThrownBy(() -> s.get(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.exists(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> s.getRange("k", -1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.getSuffix("k", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
