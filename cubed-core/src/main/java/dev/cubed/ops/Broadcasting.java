package dev.cubed.ops;

import java.util.Arrays;
import java.util.List;

/** NumPy broadcasting of array shapes. */
public final class Broadcasting {
    private Broadcasting() {
    }

    /** The broadcast shape of {@code shapes}, or an error naming the incompatible axis. */
    public static long[] shape(List<long[]> shapes) {
        int nd = 0;
        for (long[] s : shapes) {
            nd = Math.max(nd, s.length);
        }
        long[] out = new long[nd];
        Arrays.fill(out, 1);
        for (long[] s : shapes) {
            int lead = nd - s.length;
            for (int j = 0; j < s.length; j++) {
                long a = out[lead + j];
                long b = s[j];
                if (a == b || b == 1) {
                    continue;
                }
                if (a == 1) {
                    out[lead + j] = b;
                } else {
                    throw new IllegalArgumentException("shapes " + describe(shapes) + " cannot be broadcast together: axis "
                            + (lead + j) + " has lengths " + a + " and " + b);
                }
            }
        }
        return out;
    }

    private static String describe(List<long[]> shapes) {
        StringBuilder sb = new StringBuilder();
        for (long[] s : shapes) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(Arrays.toString(s));
        }
        return sb.toString();
    }
}
