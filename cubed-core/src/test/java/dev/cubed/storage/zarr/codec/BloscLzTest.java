package dev.cubed.storage.zarr.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BloscLzTest {

    private static byte[] roundTrip(byte[] data) {
        byte[] enc = new byte[data.length + 64];
        int n = BloscLz.encode(data, 0, data.length, enc, 0, enc.length);
        assertThat(n).isPositive();
        byte[] dec = new byte[data.length];
        assertThat(BloscLz.decode(ByteBuffer.wrap(enc, 0, n), 0, n, dec, 0, dec.length)).isEqualTo(data.length);
        assertThat(dec).isEqualTo(data);
        return Arrays.copyOf(enc, n);
    }

    @Test
    void repetitiveDataCompressesAndRoundTrips() {
        byte[] runs = new byte[100_000];
        Arrays.fill(runs, 20_000, 60_000, (byte) 7);
        assertThat(roundTrip(runs).length).isLessThan(2_000);
        byte[] text = "the quick brown fox jumps over the lazy dog; ".repeat(2000).getBytes();
        assertThat(roundTrip(text).length).isLessThan(text.length / 10);
    }

    @Test
    void farMatchesAndLongMatchesRoundTrip() {
        Random r = new Random(5);
        byte[] block = new byte[20_000];
        r.nextBytes(block);
        byte[] data = new byte[70_000];
        System.arraycopy(block, 0, data, 0, block.length);
        System.arraycopy(block, 0, data, 30_000, block.length); // distance 30000: a far match
        System.arraycopy(block, 0, data, 50_000, 4_000); // distance 20000
        assertThat(roundTrip(data).length).isLessThan(45_000);
        for (int len = 0; len < 300; len += 7) {
            byte[] small = new byte[len];
            r.nextBytes(small);
            if (len > 0) {
                roundTrip(small);
            }
        }
    }

    @Test
    void incompressibleDataDoesNotFitAndDamagedStreamsAreRefused() {
        byte[] noise = new byte[5000];
        new Random(1).nextBytes(noise);
        byte[] enc = new byte[noise.length - 1];
        assertThat(BloscLz.encode(noise, 0, noise.length, enc, 0, enc.length)).isZero();
        byte[] text = "abcabcabcabcabcabcabcabcabcabcabc-xyz".repeat(50).getBytes();
        byte[] good = roundTrip(text);
        byte[] dec = new byte[text.length];
        // truncated, and too small an output
        assertThat(BloscLz.decode(ByteBuffer.wrap(good), 0, good.length / 2, dec, 0, dec.length)).isNotEqualTo(text.length);
        assertThat(BloscLz.decode(ByteBuffer.wrap(good), 0, good.length, dec, 0, 10)).isEqualTo(-1);
    }
}
