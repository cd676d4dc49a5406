/**
 * In-memory N-dimensional blocks ({@link dev.cubed.block.Block}) over primitive arrays, with
 * views, strides and broadcasts; data types and the type promotion table
 * ({@link dev.cubed.block.TypePromotion}) that planners and kernels share; block pooling.
 *
 * <p>May import: nothing of the project (only the JDK and its libraries).
 */
package dev.cubed.block;
