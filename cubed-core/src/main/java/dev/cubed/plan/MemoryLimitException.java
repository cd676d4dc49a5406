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
                + operation + " (" + label + "). Use smaller chunks (rechunk the inputs) or raise allowed_mem in the Spec.");
        this.operation = operation;
        this.projected = projected;
        this.allowed = allowed;
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
