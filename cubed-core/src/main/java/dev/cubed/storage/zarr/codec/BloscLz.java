package dev.cubed.storage.zarr.codec;

import java.nio.ByteBuffer;

/**
 * BloscLZ, Blosc's own LZ77 codec (a FastLZ derivative), which no Java library implements. The
 * stream is a sequence of tokens; the first is always a literal run:
 * <ul>
 *   <li>literal run: a control byte {@code 0..31} giving {@code run - 1}, then the bytes;</li>
 *   <li>match: a control byte whose top 3 bits are {@code 1..7}. Its length is
 *       {@code (ctrl >> 5) + 2}, and when those bits are 7 the bytes that follow add to it (255
 *       meaning "continue"). Then one byte {@code code}: the distance back is
 *       {@code ((ctrl & 31) << 8) + code + 1}, except that {@code ctrl & 31 == 31} with
 *       {@code code == 255} marks a far match whose distance is {@code 8192} plus a big-endian
 *       16-bit value that follows.</li>
 * </ul>
 * The decoder reads a token only while input remains, so a valid stream ends with a literal run;
 * the encoder writes one.
 */
final class BloscLz {
    private static final int MAX_DISTANCE = 8191;
    private static final int MAX_FAR_DISTANCE = 65535 + MAX_DISTANCE + 1;
    private static final int MIN_MATCH = 4;
    private static final int HASH_BITS = 13;

    private BloscLz() {
    }

    /**
     * Decodes {@code in[off, off + len)} into {@code out[o0, o0 + max)}; returns the decoded size,
     * or -1 when the stream is malformed or would not fit.
     */
    static int decode(ByteBuffer in, int off, int len, byte[] out, int o0, int max) {
        if (len == 0) {
            return 0;
        }
        int ip = off;
        int limit = off + len;
        int op = o0;
        int opLimit = o0 + max;
        int ctrl = in.get(ip++) & 31;
        while (true) {
            if (ctrl >= 32) {
                int length = (ctrl >>> 5) - 1;
                int ofs = (ctrl & 31) << 8;
                if (length == 6) {
                    int code;
                    do {
                        if (ip + 1 >= limit) {
                            return -1;
                        }
                        code = in.get(ip++) & 0xFF;
                        length += code;
                    } while (code == 255);
                } else if (ip + 1 >= limit) {
                    return -1;
                }
                int code = in.get(ip++) & 0xFF;
                length += 3;
                int distance = ofs + code + 1;
                if (code == 255 && ofs == (31 << 8)) {
                    if (ip + 1 >= limit) {
                        return -1;
                    }
                    int far = ((in.get(ip) & 0xFF) << 8) | (in.get(ip + 1) & 0xFF);
                    ip += 2;
                    distance = far + MAX_DISTANCE + 1;
                }
                if (op + length > opLimit || op - distance < o0) {
                    return -1;
                }
                if (ip >= limit) {
                    // as c-blosc: a stream cannot end with a match (its result is short, so invalid)
                    break;
                }
                ctrl = in.get(ip++) & 0xFF;
                int ref = op - distance;
                if (distance >= length) {
                    System.arraycopy(out, ref, out, op, length);
                    op += length;
                } else {
                    // an overlapping match repeats the last `distance` bytes
                    for (int k = 0; k < length; k++) {
                        out[op++] = out[ref++];
                    }
                }
            } else {
                int run = ctrl + 1;
                if (op + run > opLimit || ip + run > limit) {
                    return -1;
                }
                in.get(ip, out, op, run);
                op += run;
                ip += run;
                if (ip >= limit) {
                    break;
                }
                ctrl = in.get(ip++) & 0xFF;
            }
        }
        return op - o0;
    }

    /**
     * Encodes {@code src[so, so + len)} into {@code dst[d0, d0 + max)} with greedy hash matching;
     * returns the encoded size, or 0 when it would not fit in {@code max} bytes (the caller then
     * stores the bytes raw, as Blosc does).
     */
    static int encode(byte[] src, int so, int len, byte[] dst, int d0, int max) {
        if (len == 0) {
            return 0;
        }
        int[] table = new int[1 << HASH_BITS];
        java.util.Arrays.fill(table, -1);
        int op = d0;
        int opLimit = d0 + max;
        int anchor = so;
        int ip = so;
        int end = so + len;
        // the last byte is always a literal, and the first token must be a literal
        int matchLimit = end - 1;
        ip++;
        while (ip + MIN_MATCH <= matchLimit) {
            int h = hash(src, ip);
            int cand = table[h];
            table[h] = ip;
            int distance = ip - cand;
            if (cand < so || distance > MAX_FAR_DISTANCE || !equal4(src, cand, ip)) {
                ip++;
                continue;
            }
            int length = MIN_MATCH;
            while (ip + length < matchLimit && src[cand + length] == src[ip + length]) {
                length++;
            }
            op = literals(src, anchor, ip - anchor, dst, op, opLimit);
            if (op < 0) {
                return 0;
            }
            op = match(length, distance, dst, op, opLimit);
            if (op < 0) {
                return 0;
            }
            ip += length;
            anchor = ip;
        }
        op = literals(src, anchor, end - anchor, dst, op, opLimit);
        return op < 0 ? 0 : op - d0;
    }

    private static int literals(byte[] src, int from, int count, byte[] dst, int op, int opLimit) {
        while (count > 0) {
            int run = Math.min(count, 32);
            if (op + 1 + run > opLimit) {
                return -1;
            }
            dst[op++] = (byte) (run - 1);
            System.arraycopy(src, from, dst, op, run);
            op += run;
            from += run;
            count -= run;
        }
        return op;
    }

    private static int match(int length, int distance, byte[] dst, int op, int opLimit) {
        int d = distance - 1;
        boolean far = d >= MAX_DISTANCE;
        int rest = length - 2;
        int need = 2 + (rest >= 7 ? 1 + (rest - 7) / 255 : 0) + (far ? 2 : 0);
        if (op + need > opLimit) {
            return -1;
        }
        int high = far ? 31 : d >>> 8;
        if (rest < 7) {
            dst[op++] = (byte) ((rest << 5) | high);
        } else {
            dst[op++] = (byte) ((7 << 5) | high);
            int extra = rest - 7;
            while (extra >= 255) {
                dst[op++] = (byte) 255;
                extra -= 255;
            }
            dst[op++] = (byte) extra;
        }
        if (far) {
            int f = distance - MAX_DISTANCE - 1;
            dst[op++] = (byte) 255;
            dst[op++] = (byte) (f >>> 8);
            dst[op++] = (byte) f;
        } else {
            dst[op++] = (byte) d;
        }
        return op;
    }

    private static int hash(byte[] b, int i) {
        int v = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
        return (v * -1640531535) >>> (32 - HASH_BITS);
    }

    private static boolean equal4(byte[] b, int x, int y) {
        return b[x] == b[y] && b[x + 1] == b[y + 1] && b[x + 2] == b[y + 2] && b[x + 3] == b[y + 3];
    }
}
