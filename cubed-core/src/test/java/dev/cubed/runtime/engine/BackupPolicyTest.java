package dev.cubed.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupPolicyTest {
    private static final BackupPolicy DEFAULTS = BackupPolicy.defaults();

    private static List<Duration> seconds(int count, long each) {
        return Collections.nCopies(count, Duration.ofSeconds(each));
    }

    @Test
    void defaultsAreTheReferenceParameters() {
        assertThat(DEFAULTS.minStarted()).isEqualTo(10);
        assertThat(DEFAULTS.finishedFraction()).isEqualTo(0.5);
        assertThat(DEFAULTS.slowFactor()).isEqualTo(3.0);
        assertThat(DEFAULTS.checkInterval()).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void referenceCases() {
        // 10 tasks start at 0; nothing finished yet: no backup however long a task runs.
        assertThat(DEFAULTS.isBackupDue(10, List.of(), Duration.ofSeconds(7))).isFalse();
        assertThat(DEFAULTS.isBackupDue(10, List.of(), Duration.ofSeconds(1000))).isFalse();
        // 5 end at 4 s. At now = 7, 7 s is not more than 3 x 4 s.
        assertThat(DEFAULTS.isBackupDue(10, seconds(5, 4), Duration.ofSeconds(7))).isFalse();
        // At now = 13, 13 s is more than 12 s.
        assertThat(DEFAULTS.isBackupDue(10, seconds(5, 4), Duration.ofSeconds(13))).isTrue();
        // ... but not with min started 20.
        assertThat(DEFAULTS.withMinStarted(20).isBackupDue(10, seconds(5, 4), Duration.ofSeconds(13))).isFalse();
    }

    @Test
    void thresholdIsStrictAndUsesTheRightOrderStatistic() {
        // n = ceil(10 * 0.5) - 1 = 4, so durations[4] (the 5th smallest) is the reference.
        List<Duration> finished = List.of(Duration.ofSeconds(9), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(4));
        // Sorted: 1, 2, 3, 4, 5, 9 -> durations[4] = 5 s -> threshold 15 s.
        assertThat(DEFAULTS.isBackupDue(10, finished, Duration.ofSeconds(15))).isFalse();
        assertThat(DEFAULTS.isBackupDue(10, finished, Duration.ofSeconds(15).plusNanos(1))).isTrue();
        // Exactly n finished is not enough: need finished > n.
        assertThat(DEFAULTS.isBackupDue(10, seconds(4, 1), Duration.ofSeconds(100))).isFalse();
        assertThat(DEFAULTS.isBackupDue(10, seconds(5, 1), Duration.ofSeconds(100))).isTrue();
        // With 11 started, n = ceil(5.5) - 1 = 5: six must have finished.
        assertThat(DEFAULTS.isBackupDue(11, seconds(5, 1), Duration.ofSeconds(100))).isFalse();
        assertThat(DEFAULTS.isBackupDue(11, seconds(6, 1), Duration.ofSeconds(100))).isTrue();
    }

    @Test
    void rejectsBadParametersNamingThem() {
        assertThatThrownBy(() -> new BackupPolicy(0, 0.5, 3, Duration.ofSeconds(1)))
                .hasMessageContaining("minStarted").hasMessageContaining("0");
        assertThatThrownBy(() -> new BackupPolicy(10, 0, 3, Duration.ofSeconds(1))).hasMessageContaining("finishedFraction");
        assertThatThrownBy(() -> new BackupPolicy(10, 1.5, 3, Duration.ofSeconds(1))).hasMessageContaining("finishedFraction");
        assertThatThrownBy(() -> new BackupPolicy(10, 0.5, 0.5, Duration.ofSeconds(1))).hasMessageContaining("slowFactor");
        assertThatThrownBy(() -> new BackupPolicy(10, 0.5, 3, Duration.ofSeconds(3)))
                .hasMessageContaining("checkInterval").hasMessageContaining("PT2S");
        assertThatThrownBy(() -> new BackupPolicy(10, 0.5, 3, Duration.ZERO)).hasMessageContaining("checkInterval");
    }
}
