package dev.cubed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapSizingTest {
    private static final long GB = 1_000_000_000L;

    @Test
    void theBudgetIsAllowedMemoryTimesWorkers() {
        assertThat(HeapSizing.budget(2 * GB, 2)).isEqualTo(4 * GB);
        assertThat(HeapSizing.budget(1_000_000, 1)).isEqualTo(HeapSizing.MIN_HEAP);
        assertThat(HeapSizing.maxHeapFlag(4 * GB)).isEqualTo(4 * GB);
    }

    @Test
    void resizesOnlyWhenAskedNotYetDoneNotSetByHandAndOffByMoreThanTenPercent() {
        List<String> plain = List.of("--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC");
        assertThat(HeapSizing.shouldResize(4 * GB, 6 * GB, plain, true, false)).isTrue();
        assertThat(HeapSizing.shouldResize(4 * GB, 2 * GB, plain, true, false)).isTrue();
        assertThat(HeapSizing.shouldResize(4 * GB, 6 * GB, plain, false, false)).as("not asked").isFalse();
        assertThat(HeapSizing.shouldResize(4 * GB, 6 * GB, plain, true, true)).as("already sized").isFalse();
        assertThat(HeapSizing.shouldResize(4 * GB, 4_200_000_000L, plain, true, false)).as("close enough").isFalse();
        for (String flag : List.of("-Xmx8g", "-XX:MaxHeapSize=8g", "-XX:MaxRAMPercentage=50")) {
            assertThat(HeapSizing.shouldResize(4 * GB, 6 * GB, List.of("-XX:+UseParallelGC", flag), true, false))
                    .as(flag).isFalse();
        }
    }

    @Test
    void theRelayDropsTheIncubatorNoticeAndPassesTheRestAsItIs() {
        String child = "WARNING: Using incubator modules: jdk.incubator.vector\nop-001 \r50%\u001b[1A\rdone\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HeapSizing.relayWithoutNotice(new ByteArrayInputStream(child.getBytes(StandardCharsets.UTF_8)), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("op-001 \r50%\u001b[1A\rdone\n");

        ByteArrayOutputStream other = new ByteArrayOutputStream();
        HeapSizing.relayWithoutNotice(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)), other);
        assertThat(other.toString(StandardCharsets.UTF_8)).isEqualTo("short\n");
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        String msg = "ERROR: something long enough to fill the notice's length and more\n";
        HeapSizing.relayWithoutNotice(new ByteArrayInputStream(msg.getBytes(StandardCharsets.UTF_8)), error);
        assertThat(error.toString(StandardCharsets.UTF_8)).isEqualTo(msg);
    }

    @Test
    void theYoungGenerationIsFixedUnlessTheUserSizedIt() {
        assertThat(HeapSizing.youngGenFlag(4 * GB, List.of("-XX:+UseParallelGC"))).contains("-Xmn256m");
        assertThat(HeapSizing.youngGenFlag(512L << 20, List.of())).contains("-Xmn128m");
        for (String flag : List.of("-Xmn1g", "-XX:NewSize=64m", "-XX:MaxNewSize=64m", "-XX:NewRatio=3")) {
            assertThat(HeapSizing.youngGenFlag(4 * GB, List.of(flag))).as(flag).isEmpty();
        }
    }
}
