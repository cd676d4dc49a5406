package dev.cubed.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MemoryStoreTest extends StoreContractTest {
    @Override
    Store store() {
        return new MemoryStore("test");
    }

    @Test
    void storedObjectsCannotBeChangedByCallers() {
        MemoryStore s = new MemoryStore("m");
        byte[] src = {1, 2, 3};
        s.put("k", ByteBuffer.wrap(src));
        src[0] = 9;
        ByteBuffer got = s.get("k").orElseThrow();
        assertThat(got.isReadOnly()).isTrue();
        assertThat(got.get(0)).isEqualTo((byte) 1);
        assertThat(s.url()).isEqualTo("memory://m");
    }
}
