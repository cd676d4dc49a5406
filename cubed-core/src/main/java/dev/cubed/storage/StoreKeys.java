package dev.cubed.storage;

/** Checks store keys and prefixes: '/'-separated, relative, no empty, '.' or '..' segments. */
final class StoreKeys {
    private StoreKeys() {
    }

    static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a store key must not be empty");
        }
        checkSegments(key, key);
        return key;
    }

    /** A prefix may be empty (everything) and may end with '/'. */
    static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("a store prefix must not be null; use \"\" for everything");
        }
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (!p.isEmpty()) {
            checkSegments(p, prefix);
        }
        return prefix;
    }

    private static void checkSegments(String path, String original) {
        if (path.startsWith("/") || path.endsWith("/") || path.contains("\\")) {
            throw new IllegalArgumentException("store key '" + original
                    + "' must be relative and '/'-separated, without a leading or trailing '/'");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("store key '" + original + "' has an empty, '.' or '..' segment");
            }
        }
    }

    /** The HTTP Range value for bytes [offset, offset + length) of a request with length > 0; negative values are refused. */
    static String byteRange(long offset, long length) {
        clip(0, offset, length);
        long last = offset + length - 1 < 0 ? Long.MAX_VALUE : offset + length - 1;
        return "bytes=" + offset + "-" + last;
    }

    /** The HTTP Range value for the last {@code length} bytes; a negative length is refused. */
    static String suffixRange(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("suffix length " + length + " must be >= 0");
        }
        return "bytes=-" + length;
    }

    /** The smallest valid range request result: bytes [offset, offset+length) clipped to size. */
    static long[] clip(long size, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("range offset " + offset + " and length " + length + " must be >= 0");
        }
        long start = Math.min(offset, size);
        long end = Math.min(size, offset + length);
        return new long[] {start, Math.max(0, end - start)};
    }
}
