package dev.cubed.plan;

/**
 * A plan has an operation whose projected memory per task exceeds the allowed memory; raised by
 * {@code compute()} before any task runs. The message follows Cubed's and says what to change.
 */
public final class MemoryLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final long projected;
    private final long allowed;

    public MemoryLimitException(String operation, String label, long projected, long allowed, long reserved) {
        super("Projected blockwise memory (" + MemorySize.format(projected) + ") exceeds allowed_mem ("
                + MemorySize.format(allowed) + "), including reserved_mem (" + MemorySize.format(reserved) + ") for "
                + operation + " (" + label + "). " + advice(projected, allowed, reserved));
        this.operation = operation;
        this.projected = projected;
        this.allowed = allowed;
    }

    /**
     * What would fit: the allowed_mem the operation needs, and how much smaller its chunks would
     * have to be (what a task holds above reserved_mem grows with the chunks' elements).
     */
    private static String advice(long projected, long allowed, long reserved) {
        String raise = "Raise allowed_mem to at least " + MemorySize.formatAtLeast(projected)
                + " (--allowed-mem on the command line, allowed_mem in the Spec)";
        if (allowed <= reserved) {
            return raise + "; allowed_mem must exceed reserved_mem (--reserved-mem) before any chunk fits.";
        }
        double factor = (double) (projected - reserved) / (allowed - reserved);
        return String.format(java.util.Locale.ROOT, "%s, or use chunks with about %.1fx fewer elements (each side of a"
                + " 2-d chunk %.1fx smaller; rechunk the inputs).", raise, factor, Math.sqrt(factor));
    }

    public String operation() {
        return operation;
    }

    public long projected() {
        return projected;
    }

    public long allowed() {
        return allowed;
    }
}
