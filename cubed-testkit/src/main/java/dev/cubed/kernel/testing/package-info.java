/**
 * Deterministic fault injection for tests: the {@code testing.fault} kernel
 * ({@link dev.cubed.kernel.testing.FaultInjectionKernels}), registered by this module's service
 * file and so present exactly where {@code cubed-testkit} is on the class path, and
 * {@link dev.cubed.kernel.testing.FaultKernelPackage}, which adds the module's jar to a
 * worker's deployment zip for tests whose tasks run elsewhere.
 *
 * <p>May import: {@code dev.cubed.block}, {@code dev.cubed.kernel}, {@code dev.cubed.storage}.
 */
package dev.cubed.kernel.testing;
