package dev.cubed.array;

import dev.cubed.block.DataType;
import dev.cubed.block.TypePromotion;
import dev.cubed.kernel.elementwise.ElementwiseKernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.cubed.block.DataType.BOOL;
import static dev.cubed.block.DataType.FLOAT32;
import static dev.cubed.block.DataType.FLOAT64;
import static dev.cubed.block.DataType.INT16;
import static dev.cubed.block.DataType.INT32;
import static dev.cubed.block.DataType.INT64;
import static dev.cubed.block.DataType.INT8;
import static dev.cubed.block.DataType.UINT16;
import static dev.cubed.block.DataType.UINT32;
import static dev.cubed.block.DataType.UINT64;
import static dev.cubed.block.DataType.UINT8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The result types of the public API (a table following {@link TypePromotion} and the array API's
 * defaults, checked on the plan and on computed values) and the errors bad input gets before
 * anything runs.
 */
class ApiTypesAndErrorsTest {
    private static Cubed cb;

    @BeforeAll
    static void open() {
        cb = ApiCases.session("types", false);
    }

    @AfterAll
    static void close() {
        cb.close();
    }

    private static LazyArray arr(DataType t) {
        return cb.ones(new long[] {3, 4}, new int[] {2, 3}, t);
    }

    private static Arguments row(String what, Function<Void, LazyArray> op, DataType expected) {
        return Arguments.of(what, op, expected);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("add(int8, uint8)", v -> arr(INT8).add(arr(UINT8)), INT16),
                row("multiply(int32, uint32)", v -> arr(INT32).multiply(arr(UINT32)), INT64),
                row("subtract(int64, uint64)", v -> arr(INT64).subtract(arr(UINT64)), FLOAT64),
                row("add(uint16, float32)", v -> arr(UINT16).add(arr(FLOAT32)), FLOAT32),
                row("add(int32, float32)", v -> arr(INT32).add(arr(FLOAT32)), FLOAT64),
                row("divide(int16, int16)", v -> arr(INT16).divide(arr(INT16)), FLOAT64),
                row("floor_divide(uint8, int8)", v -> arr(UINT8).floorDivide(arr(INT8)), INT16),
                row("sin(float32)", v -> arr(FLOAT32).sin(), FLOAT32),
                row("sin(int8)", v -> arr(INT8).sin(), FLOAT64),
                row("atan2(float32, int8)", v -> arr(FLOAT32).atan2(arr(INT8)), FLOAT32),
                row("less(int8, float64)", v -> arr(INT8).less(arr(FLOAT64)), BOOL),
                row("bitwise_and(bool, uint16)", v -> arr(BOOL).bitwiseAnd(arr(UINT16)), UINT16),
                row("bitwise_left_shift(int8, uint8)", v -> arr(INT8).bitwiseLeftShift(arr(UINT8)), INT16),
                row("int8 + 3 (weak integer)", v -> arr(INT8).add(3), INT8),
                row("int8 + 2.5 (weak float)", v -> arr(INT8).add(2.5), FLOAT64),
                row("float32 * 2.5", v -> arr(FLOAT32).multiply(2.5), FLOAT32),
                row("bool + 1", v -> arr(BOOL).add(1), INT64),
                row("uint8 == true", v -> arr(UINT8).equal(true), BOOL),
                row("clip(int16)", v -> arr(INT16).clip(-1.5, 2.5), INT16),
                row("where(bool, int32, float32)", v -> cb.where(arr(BOOL), arr(INT32), arr(FLOAT32)), FLOAT64),
                row("concat(int8, float32)", v -> cb.concat(List.of(arr(INT8), arr(FLOAT32)), 0), FLOAT32),
                row("stack(uint8, int8)", v -> cb.stack(List.of(arr(UINT8), arr(INT8)), 0), INT16),
                row("matmul(int16, float32)", v -> arr(INT16).matmul(arr(FLOAT32).matrixTranspose()), FLOAT32),
                row("tensordot(int8, uint8)", v -> cb.tensordot(arr(INT8), arr(UINT8).matrixTranspose(), 1), INT16),
                row("vecdot(float32, float64)", v -> arr(FLOAT32).vecdot(arr(FLOAT64)), FLOAT64),
                row("outer(uint32, int8)", v -> cb.outer(arr(UINT32).get(0), arr(INT8).get(0)), INT64),
                row("sum(int8)", v -> arr(INT8).sum(), INT64),
                row("sum(uint16)", v -> arr(UINT16).sum(), UINT64),
                row("mean(int32)", v -> arr(INT32).mean(), FLOAT64),
                row("var(float32)", v -> arr(FLOAT32).var(), FLOAT32),
                row("std(uint8)", v -> arr(UINT8).std(), FLOAT64),
                row("nansum(float32)", v -> arr(FLOAT32).nansum(), FLOAT32),
                row("nanmean(int64)", v -> arr(INT64).nanmean(), FLOAT64),
                row("nanmax(int8)", v -> arr(INT8).nanmax(), INT8),
                row("count_nonzero(float32)", v -> arr(FLOAT32).countNonzero(), INT64),
                row("argmax(uint8)", v -> arr(UINT8).argmax(), INT64),
                row("argmin(float32, axis 1)", v -> arr(FLOAT32).argmin(1, false), INT64),
                row("cumulative_sum(bool)", v -> arr(BOOL).cumulativeSum(0, null, false), INT64),
                row("cumulative_sum(uint8)", v -> arr(UINT8).cumulativeSum(1, null, false), UINT64),
                row("cumulative_prod(float32)", v -> arr(FLOAT32).cumulativeProd(0, null, true), FLOAT32),
                row("cumulative_sum(int8, dtype float32)", v -> arr(INT8).cumulativeSum(0, FLOAT32, false), FLOAT32),
                row("searchsorted", v -> cb.searchsorted(arr(FLOAT32).get(0), arr(INT8)), INT64),
                row("linspace int32", v -> cb.linspace(0, 10, 5, true, 2, INT32), INT32),
                row("zeros_like(uint16)", v -> cb.zerosLike(arr(UINT16)), UINT16),
                row("full_like(int8, dtype float32)", v -> cb.fullLike(arr(INT8), 1, FLOAT32), FLOAT32),
                row("tril(uint8)", v -> cb.tril(arr(UINT8), 0), UINT8));
    }

    @ParameterizedTest(name = "{0} is {2}")
    @MethodSource("table")
    void resultTypes(String what, Function<Void, LazyArray> op, DataType expected) {
        LazyArray x = op.apply(null);
        assertThat(x.dtype()).as(what).isEqualTo(expected);
        assertThat(x.compute().dtype()).as("computed " + what).isEqualTo(expected);
    }

    @Test
    void elementwiseTypesFollowTypePromotion() {
        for (String fn : ElementwiseApiPropertyTest.BINARY) {
            for (DataType a : ApiCases.NUMERIC) {
                for (DataType b : ApiCases.NUMERIC) {
                    if (a == UINT64 && b.isSigned() || b == UINT64 && a.isSigned()) {
                        continue;
                    }
                    LazyArray r = ElementwiseApiPropertyTest.api(arr(a), fn, arr(b));
                    assertThat(r.dtype()).as("%s(%s, %s)", fn, a, b).isEqualTo(ElementwiseKernels.signature(fn).resultType(a, b));
                }
            }
        }
        for (String fn : ElementwiseApiPropertyTest.UNARY) {
            for (DataType a : ApiCases.NUMERIC) {
                assertThat(ElementwiseApiPropertyTest.api(arr(a), fn).dtype()).as("%s(%s)", fn, a)
                        .isEqualTo(ElementwiseKernels.signature(fn).resultType(a));
            }
        }
    }

    // ------------------------------------------------------------------ errors at plan time

    @Test
    void unsupportedTypesFailWhenTheOperationIsBuilt() {
        assertThatThrownBy(() -> arr(FLOAT64).bitwiseAnd(arr(FLOAT64))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bitwise_and does not accept float64 inputs; it accepts integer types and bool (use astype to "
                        + "convert)");
        assertThatThrownBy(() -> arr(INT32).logicalAnd(arr(INT32))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logical_and does not accept int32 inputs; it accepts bool (compare with zero first");
        assertThatThrownBy(() -> arr(BOOL).sin()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sin does not accept bool inputs");
        assertThatThrownBy(() -> arr(FLOAT32).bitwiseLeftShift(arr(INT8))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bitwise_left_shift does not accept float32");
        assertThatThrownBy(() -> arr(UINT8).add(300)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("integer scalar 300 is out of bounds for uint8 (range [0, 255])");
        assertThatThrownBy(() -> arr(INT8).bitwiseAnd(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bitwise_and does not accept float64");
        assertThatThrownBy(() -> arr(BOOL).var()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("var does not accept bool input");
        assertThatThrownBy(() -> arr(BOOL).matmul(arr(BOOL))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul of bool arrays is not supported");
        assertThatThrownBy(() -> arr(UINT8).clip(300, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clip min 300 is above the largest uint8 value 255");
        assertThatThrownBy(() -> arr(INT16).clip(Double.NaN, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clip bound is NaN");
        assertThatThrownBy(() -> arr(BOOL).clip(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clip does not accept bool");
    }

    @Test
    void reductionsWithoutIdentityRefuseEmptyAxes() {
        LazyArray empty = cb.ones(new long[] {3, 0}, new int[] {2, 1});
        for (Function<LazyArray, LazyArray> f : List.<Function<LazyArray, LazyArray>>of(x -> x.max(1), x -> x.min(),
                x -> x.nanmax(1), x -> x.nanmin(0, 1), x -> x.argmax(1, false), x -> x.argmin())) {
            assertThatThrownBy(() -> f.apply(empty)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zero-size array to reduction operation")
                    .hasMessageContaining("which has no identity: axis 1 of an array of shape [3, 0] is empty");
        }
        // reductions with an identity are fine, and axes that are not empty too
        assertThat(empty.sum(1).compute().getDoubleAt(0)).isEqualTo(0.0);
        assertThat(empty.max(0).shape()).containsExactly(0);
        assertThat(empty.argmax(0, false).compute().shape()).containsExactly(0);
    }

    @Test
    void aReshapeWhoseRechunkCannotFitSaysWhatItNeeds() {
        try (Cubed small = Cubed.session(Spec.builder().workDir("memory://small").allowedMem(900).reservedMem(0)
                .executor("single-threaded").build())) {
            LazyArray a = small.ones(new long[] {10, 10}, new int[] {5, 5});
            assertThatThrownBy(() -> a.reshape(100)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reshape of an array of shape [10, 10] chunked [5, 5] to [100] needs the input "
                            + "chunked [2, 10] first, which does not fit allowed_mem 900 bytes")
                    .hasMessageContaining("exceeds max_mem");
            // chunks that already line up need no rechunk, so the same budget is enough
            assertThat(a.reshape(2, 5, 10).shape()).containsExactly(2, 5, 10);
        }
    }

    @Test
    void shapeAndAxisErrorsNameWhatIsWrong() {
        LazyArray a = arr(FLOAT64);
        assertThatThrownBy(() -> a.reshape(5, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot reshape an array of size 12 (shape [3, 4]) into shape [5, 2]");
        assertThatThrownBy(() -> a.reshape(-1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can only infer one length");
        assertThatThrownBy(() -> a.reshape(5, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot reshape an array of size 12 into shape [5, -1]");
        assertThatThrownBy(() -> a.broadcastTo(3, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot broadcast an array of shape [3, 4] to shape [3, 5]");
        assertThatThrownBy(() -> a.broadcastTo(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot broadcast an array of shape [3, 4] to shape [4]");
        assertThatThrownBy(() -> a.squeeze(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("squeeze: cannot remove axis 0 of length 3");
        assertThatThrownBy(() -> a.permuteDims(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a permutation");
        assertThatThrownBy(() -> a.sum(new int[] {2}, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("axis 2 is out of bounds for an array of 2 dimensions");
        assertThatThrownBy(() -> a.cumulativeSum()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cumulative_sum: give an axis for an array of 2 dimensions");
        assertThatThrownBy(() -> a.flip(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flip: axis -3 is out of bounds for an array of 2 dimensions (valid: -2 to 1)");
        assertThatThrownBy(() -> cb.concat(List.of(a, cb.ones(new long[] {3, 5}, new int[] {3, 5})), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all the array lengths except along the concatenation axis 0 must match exactly");
        assertThatThrownBy(() -> cb.stack(List.of(a, cb.ones(new long[] {4, 3}, new int[] {3, 3}))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stack: all arrays must have the same shape");
        assertThatThrownBy(() -> a.matmul(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("are not aligned: the last axis of a (4) must equal the second-to-last axis of b (3)");
        assertThatThrownBy(() -> cb.ones(new long[] {2, 3, 4}, new int[] {1, 1, 1})
                .matmul(cb.ones(new long[] {5, 4, 2}, new int[] {1, 1, 1}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the batch axes of shapes [2, 3, 4] and [5, 4, 2] do not broadcast");
        assertThatThrownBy(() -> cb.tensordot(a, a, new int[] {0}, new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("axis 0 of a (length 3) and axis 1 of b (length 4) differ in length");
        assertThatThrownBy(() -> cb.vecdot(a, a.get(Index.all(), Index.slice(0, 2)), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vecdot: the arrays have lengths 4 and 2 along axis -1");
        assertThatThrownBy(() -> cb.outer(a, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outer: both arrays must be 1-d");
        assertThatThrownBy(() -> cb.meshgrid("yx", a.get(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("indexing must be \"xy\" or \"ij\"");
        assertThatThrownBy(() -> cb.tril(a.get(0), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tril: the array must have at least 2 axes");
        assertThatThrownBy(() -> cb.searchsorted(a, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("searchsorted: x1 must be 1-d");
        assertThatThrownBy(() -> a.repeat(new long[] {1, 2}, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeat: 2 repeat counts for axis 0 of length 3");
        assertThatThrownBy(() -> a.var(null, false, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("correction must be >= 0");
    }
}
