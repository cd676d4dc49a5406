package dev.cubed.runtime.testkit;

import dev.cubed.runtime.Callback;
import dev.cubed.runtime.ComputeEndEvent;
import dev.cubed.runtime.ComputeStartEvent;
import dev.cubed.runtime.OperationEndEvent;
import dev.cubed.runtime.OperationStartEvent;
import dev.cubed.runtime.TaskEndEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Every event of a computation, in the order the callbacks heard them. Executors serialise
 * callback calls; the lock is here so that a test reading the list sees every event.
 */
public final class RecordedEvents implements Callback {
    private final List<Object> events = new ArrayList<>();

    @Override
    public synchronized void onComputeStart(ComputeStartEvent event) {
        events.add(event);
    }

    @Override
    public synchronized void onComputeEnd(ComputeEndEvent event) {
        events.add(event);
    }

    @Override
    public synchronized void onOperationStart(OperationStartEvent event) {
        events.add(event);
    }

    @Override
    public synchronized void onOperationEnd(OperationEndEvent event) {
        events.add(event);
    }

    @Override
    public synchronized void onTaskEnd(TaskEndEvent event) {
        events.add(event);
    }

    /** All events in order. */
    public synchronized List<Object> all() {
        return List.copyOf(events);
    }

    /** The events of one type, in order. */
    public synchronized <E> List<E> of(Class<E> type) {
        List<E> out = new ArrayList<>();
        for (Object e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** The task ends of one operation, in order. */
    public synchronized List<TaskEndEvent> taskEnds(String operation) {
        List<TaskEndEvent> out = new ArrayList<>();
        for (TaskEndEvent e : of(TaskEndEvent.class)) {
            if (e.operation().equals(operation)) {
                out.add(e);
            }
        }
        return out;
    }
}
