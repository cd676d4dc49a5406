package dev.cubed.diagnostics;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link HistoryCallback} wrote for one computation: its directory, the per-operation
 * statistics (also in {@code stats.csv}) and the plots it drew.
 */
public record ComputeHistory(String computeId, Path directory, List<OperationStats> stats, List<Path> plots,
                             boolean succeeded) {

    public ComputeHistory {
        Objects.requireNonNull(computeId, "computeId");
        Objects.requireNonNull(directory, "directory");
        stats = List.copyOf(stats);
        plots = List.copyOf(plots);
    }

    public Path planCsv() {
        return directory.resolve(HistoryCallback.PLAN_CSV);
    }

    public Path eventsCsv() {
        return directory.resolve(HistoryCallback.EVENTS_CSV);
    }

    public Path statsCsv() {
        return directory.resolve(HistoryCallback.STATS_CSV);
    }

    public Optional<OperationStats> stats(String operation) {
        return stats.stream().filter(s -> s.operation().equals(operation)).findFirst();
    }
}
