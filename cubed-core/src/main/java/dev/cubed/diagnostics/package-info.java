/**
 * Diagnostics as computation callbacks: {@link dev.cubed.diagnostics.ProgressBars} (a console
 * bar per operation), {@link dev.cubed.diagnostics.HistoryCallback} (plan, per-task events and
 * per-operation statistics as CSV, with timeline and memory plots) and
 * {@link dev.cubed.diagnostics.MemoryWarningCallback} (tasks whose measured memory went over
 * the allowed memory). Pass them per compute with {@code ComputeOptions.withCallbacks(...)}.
 * See {@code docs/diagnostics.md}.
 *
 * <p>May import: {@code dev.cubed.plan}, {@code dev.cubed.runtime},
 * {@code dev.cubed.runtime.engine}.
 */
package dev.cubed.diagnostics;
