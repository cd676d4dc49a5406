package dev.cubed.storage.zarr;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import java.util.Random;

/** Test data: blocks of every type filled with seeded random values. */
final class TestArrays {
    private TestArrays() {
    }

    /** A compact block of random values (bool 0/1; floats include negative, tiny and huge values). */
    static Block random(DataType t, long seed, int... shape) {
        Random r = new Random(seed);
        Block b = Block.allocate(t, shape);
        Object d = b.data();
        int n = b.size();
        switch (t) {
            case BOOL -> {
                byte[] a = (byte[]) d;
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) (r.nextBoolean() ? 1 : 0);
                }
            }
            case INT8, UINT8 -> r.nextBytes((byte[]) d);
            case INT16, UINT16 -> {
                short[] a = (short[]) d;
                for (int i = 0; i < n; i++) {
                    a[i] = (short) r.nextInt();
                }
            }
            case INT32, UINT32 -> {
                int[] a = (int[]) d;
                for (int i = 0; i < n; i++) {
                    a[i] = r.nextInt();
                }
            }
            case INT64, UINT64 -> {
                long[] a = (long[]) d;
                for (int i = 0; i < n; i++) {
                    a[i] = r.nextLong();
                }
            }
            case FLOAT32 -> {
                float[] a = (float[]) d;
                for (int i = 0; i < n; i++) {
                    a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
                }
            }
            case FLOAT64 -> {
                double[] a = (double[]) d;
                for (int i = 0; i < n; i++) {
                    a[i] = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
                }
            }
        }
        return b;
    }

    static int[] ints(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (int) a[i];
        }
        return out;
    }

    /** The block's values as little-endian bytes in C order (numpy's {@code tofile} layout). */
    static byte[] littleEndian(Block b) {
        java.nio.ByteBuffer bytes = dev.cubed.storage.zarr.codec.BytesCodec.LITTLE.encode(b,
                new dev.cubed.storage.zarr.codec.ChunkSpec(b.shape(), b.dtype(), 0));
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }
}
