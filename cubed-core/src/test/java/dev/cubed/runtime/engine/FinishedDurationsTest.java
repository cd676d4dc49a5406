package dev.cubed.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FinishedDurationsTest {

    @Test
    void selectAgreesWithSorting() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(round < 100 ? 20 : 3000);
            // Few distinct values in some rounds, to exercise duplicates.
            int range = random.nextBoolean() ? 5 : 1_000_000;
            FinishedDurations d = new FinishedDurations();
            long[] all = new long[n];
            for (int i = 0; i < n; i++) {
                all[i] = random.nextInt(range);
                d.add(all[i]);
            }
            Arrays.sort(all);
            for (int probe = 0; probe < 5; probe++) {
                int k = random.nextInt(n);
                assertThat(d.select(k)).as("k=%d of %d", k, n).isEqualTo(all[k]);
            }
            assertThat(d.select(0)).isEqualTo(all[0]);
            assertThat(d.select(n - 1)).isEqualTo(all[n - 1]);
        }
    }

    @Test
    void cacheIsInvalidatedByAdd() {
        FinishedDurations d = new FinishedDurations();
        d.add(5);
        d.add(7);
        assertThat(d.select(1)).isEqualTo(7);
        d.add(6);
        assertThat(d.select(1)).isEqualTo(6);
    }

    @Test
    void negativeDurationsCountAsZeroAndBadIndexIsRejected() {
        FinishedDurations d = new FinishedDurations();
        d.add(-5);
        assertThat(d.select(0)).isZero();
        assertThatThrownBy(() -> d.select(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
