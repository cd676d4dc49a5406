package dev.cubed.kernel;

import dev.cubed.kernel.elementwise.ElementwiseKernels;
import org.junit.jupiter.api.Test;

import static dev.cubed.block.DataType.BOOL;
import static dev.cubed.block.DataType.FLOAT32;
import static dev.cubed.block.DataType.FLOAT64;
import static dev.cubed.block.DataType.INT16;
import static dev.cubed.block.DataType.INT32;
import static dev.cubed.block.DataType.INT8;
import static dev.cubed.block.DataType.UINT8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signatures planners read: declared with each operation, turned into result types by TypePromotion. */
class ElementwiseSignaturesTest {
    @Test
    void everyFunctionDeclaresItsSignatureWhereItIsDefined() {
        assertThat(ElementwiseKernels.signature("sin").resultType(INT16)).isEqualTo(FLOAT64);
        assertThat(ElementwiseKernels.signature("sin").resultType(FLOAT32)).isEqualTo(FLOAT32);
        assertThat(ElementwiseKernels.signature("arcsin").resultType(FLOAT32)).isEqualTo(FLOAT32);
        assertThat(ElementwiseKernels.signature("add").resultType(INT8, UINT8)).isEqualTo(INT16);
        assertThat(ElementwiseKernels.signature("less").resultType(INT8, FLOAT64)).isEqualTo(BOOL);
        assertThat(ElementwiseKernels.signature("divide").resultType(INT32, INT32)).isEqualTo(FLOAT64);
        assertThat(ElementwiseKernels.signature("floor").resultType(INT32)).isEqualTo(INT32);
        assertThat(ElementwiseKernels.signature("bitwise_and").resultType(BOOL, BOOL)).isEqualTo(BOOL);
        assertThat(ElementwiseKernels.signature("equal").resultType(BOOL, BOOL)).isEqualTo(BOOL);

        assertThat(ElementwiseKernels.signature("bitwise_and").accepts().contains(FLOAT64)).isFalse();
        assertThat(ElementwiseKernels.signature("bitwise_and").accepts().contains(BOOL)).isTrue();
        assertThat(ElementwiseKernels.signature("bitwise_left_shift").accepts().contains(BOOL)).isFalse();
        assertThat(ElementwiseKernels.signature("add").accepts().contains(BOOL)).isFalse();
        assertThat(ElementwiseKernels.signature("logical_and").accepts().contains(INT8)).isFalse();
        assertThat(ElementwiseKernels.signature("floor").accepts().contains(FLOAT32)).isTrue();
        assertThatThrownBy(() -> ElementwiseKernels.signature("bitwise_xor").resultType(FLOAT32, INT8))
                .hasMessageContaining("bitwise_xor").hasMessageContaining("float32");
        assertThatThrownBy(() -> ElementwiseKernels.signature("add").resultType(INT8))
                .hasMessageContaining("2 input");
        assertThatThrownBy(() -> ElementwiseKernels.signature("no_such")).hasMessageContaining("no_such");
    }

    @Test
    void anAliasIsNamedAsTheCallerNamedIt() {
        assertThatThrownBy(() -> ElementwiseKernels.signature("arcsin").resultType(BOOL))
                .hasMessageStartingWith("arcsin does not accept bool inputs");
        assertThat(ElementwiseKernels.signature("clip").resultType(INT8)).isEqualTo(INT8);
    }
}
