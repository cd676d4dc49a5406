package dev.cubed.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Objects;

/**
 * A worker's answer to a {@link TaskMessage}: what each task measured, in the message's task order
 * (function start and end, peak memory before and after, bytes read and written), whether this
 * invocation was the first of its execution environment (a cold start), and the worker's release.
 * Failures are not replies: the worker throws, and Lambda reports the exception's class as the
 * error type (see {@link PermanentTaskError}).
 */
@JsonPropertyOrder({"version", "results", "coldStart", "workerVersion"})
public record TaskReply(@JsonProperty("version") int version,
                        @JsonProperty("results") List<TaskStats> results,
                        @JsonProperty("coldStart") boolean coldStart,
                        @JsonProperty("workerVersion") String workerVersion) {

    public TaskReply {
        if (version != TaskMessage.VERSION) {
            throw new IncompatibleMessageException(IncompatibleMessageException.forClient(version));
        }
        results = List.copyOf(Objects.requireNonNull(results, "results"));
        Objects.requireNonNull(workerVersion, "workerVersion");
    }

    public static TaskReply of(List<TaskStats> results, boolean coldStart, String workerVersion) {
        return new TaskReply(TaskMessage.VERSION, results, coldStart, workerVersion);
    }
}
