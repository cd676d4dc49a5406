package dev.cubed.diagnostics;

import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.plan.FinalizedPlan;
import dev.cubed.plan.PlannedOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarsTest {
    @TempDir
    Path tmp;

    private String run(ProgressBars.Builder bars, List<PlannedOperation> ops) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Spec spec = Spec.builder().workDir(tmp.resolve("work")).allowedMem("500MB").executor("threads").build();
        try (Cubed cb = Cubed.session(spec)) {
            LazyArray a = cb.randomUniform(new long[] {400, 400}, new int[] {50, 50}, 1);
            LazyArray s = a.multiply(a).sum();
            FinalizedPlan plan = s.plan();
            ops.addAll(plan.operations());
            s.compute(ComputeOptions.defaults().withCallbacks(bars.output(out).build()));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logLinesWhenNotATerminal() {
        List<PlannedOperation> ops = new java.util.ArrayList<>();
        String text = run(ProgressBars.builder().terminal(false).logInterval(Duration.ofHours(1)), ops);
        List<String> lines = Arrays.asList(text.split("\n"));
        assertThat(text).doesNotContain("\r").doesNotContain("\u001b[");
        for (PlannedOperation op : ops) {
            List<String> mine = lines.stream().filter(l -> l.startsWith(op.name() + " ")).toList();
            // at most a first line (unless the operation ended before the bar first drew) and the final one
            assertThat(mine).as(op.name()).hasSizeBetween(1, 2);
            assertThat(mine.get(mine.size() - 1)).contains("100%")
                    .contains(op.numTasks() + "/" + op.numTasks() + " tasks");
        }
        assertThat(lines).hasSizeLessThanOrEqualTo(2 * ops.size());
    }

    @Test
    void redrawsInPlaceOnATerminal() {
        List<PlannedOperation> ops = new java.util.ArrayList<>();
        String text = run(ProgressBars.builder().terminal(true).columns(100), ops);
        assertThat(text).contains("\r");
        for (PlannedOperation op : ops) {
            assertThat(text).contains(op.name() + " ").contains(op.numTasks() + "/" + op.numTasks());
        }
    }

    @Test
    void labelsAreShortAndAscii() {
        List<PlannedOperation> ops = new java.util.ArrayList<>();
        run(ProgressBars.builder().terminal(false), ops);
        for (PlannedOperation op : ops) {
            String label = ProgressBars.label(op);
            assertThat(label).startsWith(op.name()).hasSizeLessThanOrEqualTo(40).matches("\\p{ASCII}*");
        }
    }
}
