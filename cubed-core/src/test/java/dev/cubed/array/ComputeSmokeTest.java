package dev.cubed.array;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ComputeSmokeTest {
    @TempDir
    Path work;

    @Test
    void addAndSum() {
        try (Cubed cb = Cubed.session(Spec.builder().workDir(work).allowedMem("500MB").reservedMem(0).build())) {
            LazyArray a = cb.ones(new long[] {10, 12}, new int[] {3, 5});
            LazyArray b = cb.arange(0, 12, 1, 5, DataType.FLOAT64);
            LazyArray c = a.add(b);
            Block cv = c.compute();
            assertThat(cv.shape()).containsExactly(10, 12);
            assertThat(cv.getDouble(4, 7)).isEqualTo(8.0);
            Block s = c.sum().compute();
            assertThat(s.getDouble()).isEqualTo(10 * 12 + 10 * 66);
            Block m = c.mean(0).compute();
            assertThat(m.getDouble(3)).isEqualTo(4.0);
            System.out.println(c.sum().plan().summary());
        }
    }
}
