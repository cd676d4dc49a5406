package dev.cubed.kernel;

import dev.cubed.block.Block;
import dev.cubed.block.DataType;
import dev.cubed.block.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelCallTest {

    @Test
    void defaultsAndAccessors() {
        Block a = Block.of(new double[] {1, 2}, 2);
        KernelCall call = KernelCall.builder().input(a, 10L).many(List.of(a, a)).outputShape(2).build();
        assertThat(call.count()).isEqualTo(2);
        assertThat(call.isMany(0)).isFalse();
        assertThat(call.isMany(1)).isTrue();
        assertThat(call.block(0)).isSameAs(a);
        assertThat(call.origin(0)).containsExactly(10L);
        assertThat(call.origin(1)).containsExactly(0L);
        assertThat(call.outputOrigin()).containsExactly(0L);
        assertThat(call.outputArrayShape()).containsExactly(2L);
        assertThat(call.outputChunkCoords()).containsExactly(0L);
        assertThat(call.params()).isEqualTo(Params.empty());
        int n = 0;
        for (Value v : call.many(1)) {
            assertThat(v).isSameAs(a);
            n++;
        }
        assertThat(n).isEqualTo(2);
    }

    @Test
    void manyInputsIterateOnceAsInARealTask() {
        Block a = Block.of(new double[] {1}, 1);
        KernelCall call = KernelCall.builder().many(List.of(a)).outputShape(1).build();
        call.many(0).iterator();
        assertThatThrownBy(() -> call.many(0).iterator()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only once");
    }

    @Test
    void misuseIsReported() {
        Block a = Block.of(new double[] {1}, 1);
        assertThatThrownBy(() -> KernelCall.builder().input(a).build()).hasMessageContaining("outputShape is required");
        assertThatThrownBy(() -> KernelCall.builder().input(a, 1L, 2L)).hasMessageContaining("origin");
        KernelCall call = KernelCall.builder().input(a).many(List.of(a)).outputShape(1).build();
        assertThatThrownBy(() -> call.many(0)).hasMessageContaining("single value");
        assertThatThrownBy(() -> call.value(1)).hasMessageContaining("many-input");
        assertThatThrownBy(() -> call.value(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> KernelCall.builder().outputShape(2).outputOrigin(1, 2).build())
                .hasMessageContaining("axes");
    }

    @Test
    void builtinAndUserProvidersAreFoundThroughServiceLoader() {
        KernelRegistry r = KernelRegistry.load();
        assertThat(r.names()).contains("add", "sum.initial", "matmul", "random.normal", "where", "astype",
                "example.clamp01");
        Block in = Block.wrap(DataType.INT32, new int[] {-3, 0, 1, 7}, 2, 2).transpose(1, 0);
        Block out = (Block) KernelCall.builder().input(in).outputShape(2, 2).build().applyTo(r.get("example.clamp01"));
        assertThat((double[]) out.data()).containsExactly(0, 1, 0, 1);
        assertThat(in.getLong(0, 0)).isEqualTo(-3); // the input is untouched
    }
}
