package dev.cubed.kernel;

import java.util.Arrays;

/** Shape arithmetic kernels share: NumPy broadcasting and the check that a result has the planned shape. */
public final class Shapes {

    private Shapes() {
    }

    /**
     * The NumPy broadcast of several shapes: right-aligned, each axis either equal or 1 (a 0-d
     * shape is a scalar).
     *
     * @throws IllegalArgumentException naming {@code kernel} and the shapes when they do not broadcast
     */
    public static int[] broadcast(String kernel, int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            int lead = rank - s.length;
            for (int i = 0; i < s.length; i++) {
                int d = s[i];
                int o = out[lead + i];
                if (o == d || d == 1) {
                    continue;
                }
                if (o == 1) {
                    out[lead + i] = d;
                } else {
                    throw new IllegalArgumentException("kernel '" + kernel + "': input shapes "
                            + describe(shapes) + " do not broadcast together (axis " + (lead + i) + ": " + o
                            + " vs " + d + ")");
                }
            }
        }
        return out;
    }

    /**
     * Checks that a kernel's result has the shape the plan expects.
     *
     * @throws IllegalStateException naming the kernel and both shapes
     */
    public static void checkOutput(String kernel, int[] actual, KernelArgs args) {
        int[] expected = args.outputBlockShape();
        if (!Arrays.equals(actual, expected)) {
            throw new IllegalStateException("kernel '" + kernel + "' computes a block of shape "
                    + Arrays.toString(actual) + " but the plan expects an output block of shape "
                    + Arrays.toString(expected) + "; the plan's chunking and the kernel's inputs disagree");
        }
    }

    /** Checks that a kernel received exactly {@code n} single inputs. */
    public static void checkInputCount(String kernel, KernelArgs args, int n) {
        if (args.count() != n) {
            throw new IllegalArgumentException("kernel '" + kernel + "' takes " + n + " input(s) but was given "
                    + args.count());
        }
        for (int i = 0; i < n; i++) {
            if (args.isMany(i)) {
                throw new IllegalArgumentException("kernel '" + kernel + "' takes single inputs but input " + i
                        + " is a many-input");
            }
        }
    }

    private static String describe(int[][] shapes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Arrays.toString(shapes[i]));
        }
        return sb.toString();
    }
}
