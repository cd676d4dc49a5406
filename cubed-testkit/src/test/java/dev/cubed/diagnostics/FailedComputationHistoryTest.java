package dev.cubed.diagnostics;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.cubed.array.ComputeOptions;
import dev.cubed.array.Cubed;
import dev.cubed.array.LazyArray;
import dev.cubed.array.Spec;
import dev.cubed.block.DataType;
import dev.cubed.kernel.testing.FaultInjectionKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history of a computation that failed (an injected task failure) is written too. */
class FailedComputationHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void aFailedComputationIsRecordedToo() throws IOException {
        HistoryCallback history = HistoryCallback.builder().directory(tmp.resolve("history")).plots(false).build();
        Spec spec = Spec.builder().workDir(tmp.resolve("work")).allowedMem("200MB").reservedMem("1MB")
                .executor("single-threaded").executorOption("retries", 0).build();
        try (Cubed cb = Cubed.session(spec)) {
            // the fault kernel's third task throws, and with no retries the run fails
            LazyArray x = cb.ones(new long[] {4}, new int[] {1});
            String counter = tmp.resolve("counter").toUri().toString();
            var params = FaultInjectionKernels.params(counter, Map.of(2L, List.of(-0.0001)), 0.0);
            LazyArray f = cb.mapBlocks("testing.fault", params, DataType.INT64, x);
            assertThatThrownBy(() -> f.compute(ComputeOptions.defaults().withCallbacks(history)))
                    .hasStackTraceContaining("injected failure of input 2");
        }
        ComputeHistory h = history.last().orElseThrow();
        assertThat(h.succeeded()).isFalse();
        assertThat(h.plots()).isEmpty();
        List<Map<String, String>> events;
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(h.eventsCsv().toFile())) {
            events = rows.readAll();
        }
        assertThat(events).extracting(r -> r.get("chunk")).contains("0", "1").doesNotContain("2");
    }
}
