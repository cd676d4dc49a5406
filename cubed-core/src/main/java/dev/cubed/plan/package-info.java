/**
 * The plan: the lazy graph ({@link dev.cubed.plan.ArrayNode}, {@link dev.cubed.plan.OpNode}),
 * the {@link dev.cubed.plan.Planner} (ordering, fusion, placement of intermediates, the
 * create-arrays operation), the memory model and its limit, and the
 * {@link dev.cubed.plan.FinalizedPlan} executors run. Imports {@code task} only for
 * {@code TaskJson}, to hash specs into the names of intermediates.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel},
 * {@code dev.cubed.primitive}, {@code dev.cubed.storage.zarr},
 * {@code dev.cubed.storage.zarr.codec}, {@code dev.cubed.task}.
 */
package dev.cubed.plan;
