package dev.cubed.kernel.creation;

/**
 * The random stream of one chunk: a pure function of (seed, chunk coordinates), so a retried or
 * backup task writes identical bytes, and chunks get independent streams.
 *
 * <p>The definition, fixed so that stored arrays stay reproducible across versions:
 * <ol>
 *   <li>{@code h = mix64(seed ^ 0x6A09E667F3BCC909)}; then for each axis {@code i} in order,
 *       {@code h = mix64(h + (coords[i] + 1) * 0x9E3779B97F4A7C15)}, where {@code mix64} is
 *       SplitMix64's finaliser ({@code z ^= z >>> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >>> 27;
 *       z *= 0x94D049BB133111EB; z ^= z >>> 31}).</li>
 *   <li>The xoshiro256** state (Blackman and Vigna) is four successive SplitMix64 outputs from
 *       {@code h} (state {@code s += 0x9E3779B97F4A7C15}, output {@code mix64(s)}).</li>
 *   <li>Each 64-bit output of xoshiro256** is used in turn: a float64 in [0, 1) is
 *       {@code (x >>> 11) * 2^-53}, a float32 in [0, 1) is {@code (x >>> 40) * 2^-24}.</li>
 * </ol>
 * xoshiro256** has a period of 2^256 - 1, so streams of different chunks, starting at unrelated
 * points, do not overlap in practice.
 */
public final class ChunkRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    private ChunkRandom(long h) {
        long s = h;
        s0 = mix64(s += GOLDEN);
        s1 = mix64(s += GOLDEN);
        s2 = mix64(s += GOLDEN);
        s3 = mix64(s + GOLDEN);
    }

    /** The stream of the chunk at {@code coords} for {@code seed}. */
    public static ChunkRandom forChunk(long seed, long[] coords) {
        long h = mix64(seed ^ 0x6A09E667F3BCC909L);
        for (long c : coords) {
            h = mix64(h + (c + 1) * GOLDEN);
        }
        return new ChunkRandom(h);
    }

    /** SplitMix64's finaliser: a bijective, strongly mixing function of 64 bits. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 bits (xoshiro256**). */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** A float64 uniform on [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A float32 uniform on [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }
}
