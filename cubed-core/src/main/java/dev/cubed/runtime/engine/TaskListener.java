package dev.cubed.runtime.engine;

import java.time.Duration;

/**
 * Receives the events of one engine run: one {@link #onTaskEnd} per completed task, plus
 * optional hooks for attempt failures, retries, throttles and backups that progress bars and
 * logs can use.
 *
 * <p><b>Threading.</b> Calls are serialised: never two at once, each one happening-before the
 * next, so a listener needs no locks. They are made by whichever thread is driving the engine
 * at the moment: the thread that called {@code run}/{@code runAsync} (for the first launches),
 * a thread that completed a launcher's future, or the engine's scheduler thread. Keep listeners
 * quick and non-blocking; hand slow work to another thread. An exception thrown by a listener
 * fails the run with that exception.
 *
 * @param <T> the task input type
 */
@FunctionalInterface
public interface TaskListener<T> {

    /** A task completed; called exactly once per completed task. */
    void onTaskEnd(TaskEnd<T> end);

    /** An attempt failed or timed out ({@link TaskTimeoutException}); a retry may follow. */
    default void onAttemptFailed(T task, Attempt attempt, Throwable failure) {
    }

    /** Every running copy of the task failed; {@code next} will launch after {@code delay}. */
    default void onRetryScheduled(T task, Attempt next, Duration delay) {
    }

    /** The backend refused to start {@code attempt}; it will be resubmitted after {@code delay}. */
    default void onThrottled(T task, Attempt attempt, ThrottledException refusal, Duration delay) {
    }

    /** A backup copy was scheduled for a straggler; it launches at the next free slot. */
    default void onBackupLaunched(T task, Attempt backup) {
    }

    /** A listener that ignores every event. */
    static <T> TaskListener<T> ignoring() {
        return end -> {
        };
    }
}
