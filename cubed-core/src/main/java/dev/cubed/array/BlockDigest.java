package dev.cubed.array;

import dev.cubed.block.Block;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of an in-memory block's type, shape, chunking and values, computed through a
 * small buffer so that hashing a large block does not copy it.
 */
final class BlockDigest {
    private static final int BUFFER_BYTES = 1 << 16;

    private BlockDigest() {
    }

    static String sha256(Block block, int[] chunks) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        Block b = block.compact();
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        md.update(b.dtype().name().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < b.ndim(); i++) {
            buf.putLong(b.shape(i));
        }
        for (int c : chunks) {
            buf.putInt(c);
        }
        flush(md, buf);
        Object data = b.data();
        int n = b.size();
        int width = b.dtype().itemSize();
        int perBuffer = BUFFER_BYTES / width;
        for (int start = 0; start < n; start += perBuffer) {
            int end = Math.min(n, start + perBuffer);
            switch (b.dtype()) {
                case BOOL, INT8, UINT8 -> buf.put((byte[]) data, start, end - start);
                case INT16, UINT16 -> buf.asShortBuffer().put((short[]) data, start, end - start);
                case INT32, UINT32 -> buf.asIntBuffer().put((int[]) data, start, end - start);
                case INT64, UINT64 -> buf.asLongBuffer().put((long[]) data, start, end - start);
                case FLOAT32 -> buf.asFloatBuffer().put((float[]) data, start, end - start);
                case FLOAT64 -> buf.asDoubleBuffer().put((double[]) data, start, end - start);
            }
            if (width > 1) {
                buf.position((end - start) * width); // the typed views do not move the byte buffer
            }
            flush(md, buf);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void flush(MessageDigest md, ByteBuffer buf) {
        buf.flip();
        md.update(buf);
        buf.clear();
    }
}
