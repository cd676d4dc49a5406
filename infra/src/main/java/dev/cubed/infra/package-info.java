/**
 * The worker's deployment as code: {@link dev.cubed.infra.WorkerFunction} (the settings the SAM
 * template gives the function, for AWS and for a local Lambda) and
 * {@link dev.cubed.infra.SequentialPlanRun} (a plan's tasks sent one by one as messages, for
 * tests of the worker).
 *
 * <p>May import: {@code dev.cubed.lambda.executor}, {@code dev.cubed.lambda.local},
 * {@code dev.cubed.lambda.worker}, {@code dev.cubed.plan}, {@code dev.cubed.task}.
 */
package dev.cubed.infra;
