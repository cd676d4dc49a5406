package dev.cubed.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What running one task measured, where it ran: function start and end (epoch milliseconds),
 * the process's peak resident memory before and after (bytes; -1 when unknown), block bytes read
 * and written, chunks written, and bytes the task's thread allocated.
 */
public record TaskStats(@JsonProperty("functionStart") long functionStartMillis,
                        @JsonProperty("functionEnd") long functionEndMillis,
                        @JsonProperty("peakMemStart") long peakMemStart,
                        @JsonProperty("peakMemEnd") long peakMemEnd,
                        @JsonProperty("bytesRead") long bytesRead,
                        @JsonProperty("bytesWritten") long bytesWritten,
                        @JsonProperty("chunksWritten") long chunksWritten,
                        @JsonProperty("allocatedBytes") long allocatedBytes) {

    public TaskStats {
        if (functionEndMillis < functionStartMillis) {
            throw new IllegalArgumentException("function end " + functionEndMillis + " is before its start "
                    + functionStartMillis);
        }
    }
}
