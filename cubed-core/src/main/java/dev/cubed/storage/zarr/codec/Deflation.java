package dev.cubed.storage.zarr.codec;

import dev.cubed.storage.zarr.ZarrException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Deflate streams through the JDK's zlib, shared by the gzip and zlib codecs. */
final class Deflation {
    private Deflation() {
    }

    /** Worst-case deflate output for {@code n} input bytes (stored blocks plus zlib's own bound). */
    static int bound(int n) {
        long b = (long) n + (n >> 12) + (n >> 14) + (n >> 25) + 5L * (n / 16000 + 1) + 64;
        return (int) Math.min(b, Integer.MAX_VALUE - 16);
    }

    /**
     * Deflates {@code in} into a new array after {@code headerRoom} bytes, leaving
     * {@code trailerRoom} bytes free at the end. Returns the array and the end of the deflate data.
     */
    static ByteBuffer deflate(HeapBytes in, int level, boolean raw, int headerRoom, int trailerRoom) {
        Deflater d = new Deflater(level, raw);
        try {
            d.setInput(in.array(), in.offset(), in.length());
            d.finish();
            byte[] out = new byte[headerRoom + bound(in.length()) + trailerRoom];
            int pos = headerRoom;
            while (!d.finished()) {
                if (pos == out.length - trailerRoom) {
                    out = Arrays.copyOf(out, out.length + Math.max(out.length / 2, 4096));
                }
                pos += d.deflate(out, pos, out.length - trailerRoom - pos);
            }
            return ByteBuffer.wrap(out, 0, pos);
        } finally {
            d.end();
        }
    }

    /**
     * Inflates one stream starting at {@code from} into {@code out} at {@code outPos}.
     *
     * @return {consumed input bytes, produced output bytes}; the output array may have been grown,
     *     in which case it is returned in {@code holder[0]}
     */
    static long[] inflate(String codec, HeapBytes in, int from, boolean raw, byte[][] holder, int outPos,
                          int fixedLimit) {
        boolean fixedSize = fixedLimit >= 0;
        Inflater inf = new Inflater(raw);
        try {
            inf.setInput(in.array(), in.offset() + from, in.length() - from);
            byte[] out = holder[0];
            int pos = outPos;
            int limit = fixedSize ? fixedLimit : out.length;
            while (!inf.finished()) {
                if (pos == limit) {
                    if (fixedSize) {
                        // the output is full: the stream must end here without producing more
                        if (inf.inflate(new byte[1]) > 0) {
                            throw new ZarrException(codec + " data decompresses to more than the expected "
                                    + limit + " bytes");
                        }
                        if (inf.finished()) {
                            break;
                        }
                        throw new ZarrException(codec + " data is truncated or corrupt: the stream does not end after "
                                + (pos - outPos) + " decompressed bytes");
                    }
                    out = Arrays.copyOf(out, Math.max(out.length * 2, 4096));
                    holder[0] = out;
                    limit = out.length;
                }
                int got = inf.inflate(out, pos, limit - pos);
                pos += got;
                if (got == 0 && !inf.finished() && (inf.needsInput() || inf.needsDictionary())) {
                    throw new ZarrException(codec + " data is truncated: the stream ended after " + (pos - outPos)
                            + " decompressed bytes without its end marker");
                }
            }
            long consumed = (long) (in.length() - from) - inf.getRemaining();
            return new long[] {consumed, pos - outPos};
        } catch (DataFormatException e) {
            throw new ZarrException(codec + " data is corrupt: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }
}
