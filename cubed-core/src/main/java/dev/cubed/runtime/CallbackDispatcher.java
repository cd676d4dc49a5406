package dev.cubed.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Delivers events to callbacks one at a time (callbacks need no locking) and keeps a failing
 * callback from failing the computation: its error is logged and the others still hear.
 */
final class CallbackDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);

    private final List<Callback> callbacks;

    CallbackDispatcher(List<Callback> callbacks) {
        this.callbacks = List.copyOf(callbacks);
    }

    synchronized void computeStart(ComputeStartEvent e) {
        for (Callback c : callbacks) {
            safely(c, () -> c.onComputeStart(e));
        }
    }

    synchronized void computeEnd(ComputeEndEvent e) {
        for (Callback c : callbacks) {
            safely(c, () -> c.onComputeEnd(e));
        }
    }

    synchronized void operationStart(OperationStartEvent e) {
        for (Callback c : callbacks) {
            safely(c, () -> c.onOperationStart(e));
        }
    }

    synchronized void operationEnd(OperationEndEvent e) {
        for (Callback c : callbacks) {
            safely(c, () -> c.onOperationEnd(e));
        }
    }

    synchronized void taskEnd(TaskEndEvent e) {
        for (Callback c : callbacks) {
            safely(c, () -> c.onTaskEnd(e));
        }
    }

    private static void safely(Callback c, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ex) {
            LOG.warn("callback {} failed: {}", c.getClass().getName(), ex.toString(), ex);
        }
    }
}
