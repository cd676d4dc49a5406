package dev.cubed.primitive;

/**
 * How a kernel receives an argument: one chunk; several chunks read together (they may be read
 * concurrently, and all are in memory at once); or several chunks read one at a time as the
 * kernel iterates, which is what keeps reductions within memory.
 */
public enum ArgMode {
    ONE,
    LIST,
    ITER
}
