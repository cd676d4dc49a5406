package dev.cubed.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation of the engine's value types and settings. */
class EngineValuesTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void settingsDefaults() {
        EngineSettings s = EngineSettings.defaults();
        assertThat(s.retries()).isEqualTo(2);
        assertThat(s.maxInFlight()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.attemptTimeout()).isEmpty();
        assertThat(s.backupPolicy()).isEmpty();
        assertThat(s.scheduler()).isEmpty();
        assertThat(s.toBuilder().retries(5).build().retries()).isEqualTo(5);
    }

    @Test
    void settingsRejectBadValuesNamingTheSetting() {
        assertThatThrownBy(() -> EngineSettings.builder().maxInFlight(0)).hasMessageContaining("maxInFlight").hasMessageContaining("0");
        assertThatThrownBy(() -> EngineSettings.builder().retries(-1)).hasMessageContaining("retries");
        assertThatThrownBy(() -> EngineSettings.builder().attemptTimeout(Duration.ZERO)).hasMessageContaining("attemptTimeout");
        assertThatThrownBy(() -> EngineSettings.builder().throttleTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("throttleTimeout");
        assertThatThrownBy(() -> EngineSettings.builder().clock(null)).hasMessageContaining("clock");
        assertThatThrownBy(() -> EngineSettings.builder().retryBackoff(null)).hasMessageContaining("retryBackoff");
    }

    @Test
    void outcomeValidation() {
        TaskOutcome ok = new TaskOutcome(T0, T0.plusSeconds(1), 10, 20, 0, 5, Map.of("coldStart", true, "billedMs", 1200));
        assertThat(ok.extraStats()).containsEntry("coldStart", true);
        assertThat(TaskOutcome.timed(T0, T0).peakMemoryBefore()).isEqualTo(-1);
        assertThat(ok.withExtraStat("x", "y").extraStats()).hasSize(3);
        assertThatThrownBy(() -> TaskOutcome.timed(T0.plusSeconds(1), T0)).hasMessageContaining("functionEnd");
        assertThatThrownBy(() -> new TaskOutcome(T0, T0, -2, 0, 0, 0, Map.of())).hasMessageContaining("peakMemoryBefore");
        assertThatThrownBy(() -> new TaskOutcome(T0, T0, 0, 0, -5, 0, Map.of())).hasMessageContaining("bytesRead");
        assertThatThrownBy(() -> new TaskOutcome(T0, T0, 0, 0, 0, 0, Map.of(" ", 1))).hasMessageContaining("non-blank");
        assertThatThrownBy(() -> new TaskOutcome(T0, T0, 0, 0, 0, 0, Map.of("list", List.of())))
                .hasMessageContaining("extraStats['list']");
        Map<String, Object> big = new HashMap<>();
        for (int i = 0; i < 17; i++) {
            big.put("k" + i, i);
        }
        assertThatThrownBy(() -> new TaskOutcome(T0, T0, 0, 0, 0, 0, big)).hasMessageContaining("limit of 16");
        Map<String, Object> mutable = new HashMap<>(Map.of("a", 1));
        TaskOutcome copy = new TaskOutcome(T0, T0, 0, 0, 0, 0, mutable);
        mutable.put("b", 2);
        assertThat(copy.extraStats()).containsOnlyKeys("a");
    }

    @Test
    void attemptAndTaskEndValidation() {
        assertThatThrownBy(() -> new Attempt(-1, 1, false)).hasMessageContaining("taskIndex");
        assertThatThrownBy(() -> new Attempt(0, 0, false)).hasMessageContaining("1-based");
        TaskOutcome o = TaskOutcome.timed(T0.plusSeconds(1), T0.plusSeconds(2));
        assertThatThrownBy(() -> new TaskEnd<>("t", 0, T0.plusSeconds(2), T0.plusSeconds(1), T0.plusSeconds(2),
                T0.plusSeconds(3), 1, false, false, o)).hasMessageContaining("taskCreate <= functionStart");
        assertThatThrownBy(() -> new TaskEnd<>("t", 0, T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3),
                1, false, true, o)).hasMessageContaining("without being launched");
        TaskEnd<String> end = new TaskEnd<>("t", 0, T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3),
                1, false, false, o);
        assertThat(end.timestampsAdjusted()).isFalse();
    }

    @Test
    void runSummaryValidation() {
        assertThatThrownBy(() -> new RunSummary(1, 1, 0, 0, 0, 0, 1, 2, 1, Duration.ZERO)).hasMessageContaining("backupsWon");
        assertThatThrownBy(() -> new RunSummary(1, 1, 0, 0, 1, 0, 0, 0, 1, Duration.ZERO)).hasMessageContaining("timeouts");
        assertThatThrownBy(() -> new RunSummary(-1, 1, 0, 0, 0, 0, 0, 0, 1, Duration.ZERO)).hasMessageContaining(">= 0");
    }
}
