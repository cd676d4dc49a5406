/**
 * The executors of this process: {@code threads} (a worker per core, memory checked against the
 * machine) and {@code single-threaded} (each task on the calling thread).
 *
 * <p>May import: {@code dev.cubed.plan}, {@code dev.cubed.runtime},
 * {@code dev.cubed.runtime.engine}, {@code dev.cubed.task}.
 */
package dev.cubed.runtime.local;
