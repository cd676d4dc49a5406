package dev.cubed.storage.zarr.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BloscCodecTest {

    /** Smooth values with noise in the low bits: what shuffling is for. */
    private static byte[] data(int len, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[len];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 8 <= len; i += 8) {
            bb.putDouble(i, Math.rint(Math.sin(i / 800.0) * 1000) / 8 + r.nextInt(4));
        }
        return b;
    }

    private static ByteBuffer direct(ByteBuffer b) {
        ByteBuffer d = ByteBuffer.allocateDirect(b.remaining());
        d.put(b.duplicate()).flip();
        return d;
    }

    @Test
    void everyCompressorShuffleAndTypesizeRoundTripsFromHeapAndDirectBuffers() {
        for (String cname : BloscCodec.CNAMES) {
            for (BloscCodec.Shuffle shuffle : BloscCodec.Shuffle.values()) {
                for (int typesize : new int[] {1, 2, 4, 8, 3}) {
                    for (int len : new int[] {0, 100, 4096, 300_001}) {
                        for (int blocksize : new int[] {0, 1000}) {
                            BloscCodec c = new BloscCodec(cname, 5, shuffle, typesize, blocksize);
                            byte[] in = data(len, len + typesize);
                            ByteBuffer enc = c.encode(ByteBuffer.wrap(in));
                            String what = c.describe() + " len " + len;
                            assertThat(enc.remaining()).as(what).isLessThanOrEqualTo(len + BloscFrame.HEADER);
                            ByteBuffer dec = c.decode(enc.duplicate(), len);
                            byte[] out = new byte[dec.remaining()];
                            dec.get(out);
                            assertThat(out).as(what).isEqualTo(in);
                            byte[] target = new byte[len + 10];
                            ByteBuffer into = c.decodeInto(direct(enc), target, len);
                            assertThat(into.remaining()).isEqualTo(len);
                            assertThat(Arrays.copyOf(target, len)).as(what + " direct").isEqualTo(in);
                        }
                    }
                }
            }
        }
    }

    @Test
    void shuffledLz4CompressesSmoothDoublesAndNoiseIsStoredAsIs() {
        byte[] smooth = data(1 << 20, 1);
        BloscCodec c = BloscCodec.lz4Shuffle().withTypesize(8);
        int shuffled = c.encode(ByteBuffer.wrap(smooth)).remaining();
        int plain = new BloscCodec("lz4", 5, BloscCodec.Shuffle.NOSHUFFLE, 8, 0).encode(ByteBuffer.wrap(smooth)).remaining();
        assertThat(shuffled).isLessThan(plain * 2 / 3);
        byte[] noise = new byte[100_000];
        new Random(3).nextBytes(noise);
        ByteBuffer enc = c.encode(ByteBuffer.wrap(noise));
        assertThat(enc.remaining()).isEqualTo(noise.length + BloscFrame.HEADER); // memcpy'd frame
        assertThat(enc.get(2) & 0x02).isEqualTo(0x02);
        byte[] out = new byte[noise.length];
        c.decode(enc, noise.length).get(out);
        assertThat(out).isEqualTo(noise);
    }

    @Test
    void damagedFramesSayWhatIsWrong() {
        BloscCodec c = BloscCodec.lz4Shuffle().withTypesize(8);
        byte[] frame = toArray(c.encode(ByteBuffer.wrap(data(100_000, 2))));
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(frame, 0, 10), -1))
                .isInstanceOf(ZarrException.class).hasMessageContaining("truncated").hasMessageContaining("header");
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(frame, 0, frame.length - 100), -1))
                .hasMessageContaining("truncated").hasMessageContaining(String.valueOf(frame.length));
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(frame), 80_000))
                .hasMessageContaining("holds 100000 bytes but the chunk needs 80000");
        byte[] snappy = frame.clone();
        snappy[2] = (byte) ((snappy[2] & 0x1F) | (2 << 5));
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(snappy), -1)).hasMessageContaining("snappy");
        byte[] unknown = frame.clone();
        unknown[2] = (byte) ((unknown[2] & 0x1F) | (6 << 5));
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(unknown), -1)).hasMessageContaining("unknown (6)");
        byte[] blosc2 = frame.clone();
        blosc2[0] = 5;
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(blosc2), -1)).hasMessageContaining("format version 5");
        byte[] badOffset = frame.clone();
        ByteBuffer.wrap(badOffset).order(ByteOrder.LITTLE_ENDIAN).putInt(BloscFrame.HEADER, 1 << 30);
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(badOffset), -1)).hasMessageContaining("block 0 starts at");
        byte[] garbled = frame.clone();
        int firstBlock = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt(BloscFrame.HEADER);
        for (int i = firstBlock + 4; i < firstBlock + 40; i++) {
            garbled[i] = (byte) 0xFF;
        }
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(garbled), -1)).hasMessageContaining("block 0");
        assertThatThrownBy(() -> new BloscCodec("lzma", 5, BloscCodec.Shuffle.SHUFFLE, 8, 0))
                .hasMessageContaining("lzma").hasMessageContaining("blosclz, lz4, lz4hc, zlib, zstd");
    }

    @Test
    void lz4CompressorRoundTripsAndRefusesDamage() {
        Lz4Codec c = new Lz4Codec(1);
        byte[] in = data(50_000, 4);
        byte[] enc = toArray(c.encode(ByteBuffer.wrap(in)));
        assertThat(ByteBuffer.wrap(enc).order(ByteOrder.LITTLE_ENDIAN).getInt(0)).isEqualTo(in.length);
        assertThat(toArray(c.decode(ByteBuffer.wrap(enc), in.length))).isEqualTo(in);
        assertThat(toArray(c.decodeInto(direct(ByteBuffer.wrap(enc)), new byte[in.length], -1))).isEqualTo(in);
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(enc, 0, 3), -1)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(enc, 0, enc.length / 2), -1)).hasMessageContaining("lz4 data");
        assertThatThrownBy(() -> c.decode(ByteBuffer.wrap(enc), 10)).hasMessageContaining("chunk needs 10");
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
