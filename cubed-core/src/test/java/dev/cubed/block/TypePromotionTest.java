package dev.cubed.block;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

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

class TypePromotionTest {

    private static final DataType[] ORDER = {BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32,
            FLOAT64};

    /** NumPy 2's result_type for every pair, written out row by row in the order of {@link #ORDER}. */
    private static final String[] TABLE = {
        /* b   */ "b  i1 i2 i4 i8 u1 u2 u4 u8 f4 f8",
        /* i1  */ "i1 i1 i2 i4 i8 i2 i4 i8 f8 f4 f8",
        /* i2  */ "i2 i2 i2 i4 i8 i2 i4 i8 f8 f4 f8",
        /* i4  */ "i4 i4 i4 i4 i8 i4 i4 i8 f8 f8 f8",
        /* i8  */ "i8 i8 i8 i8 i8 i8 i8 i8 f8 f8 f8",
        /* u1  */ "u1 i2 i2 i4 i8 u1 u2 u4 u8 f4 f8",
        /* u2  */ "u2 i4 i4 i4 i8 u2 u2 u4 u8 f4 f8",
        /* u4  */ "u4 i8 i8 i8 i8 u4 u4 u4 u8 f8 f8",
        /* u8  */ "u8 f8 f8 f8 f8 u8 u8 u8 u8 f8 f8",
        /* f4  */ "f4 f4 f4 f8 f8 f4 f4 f8 f8 f4 f8",
        /* f8  */ "f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8",
    };

    private static DataType code(String c) {
        return switch (c) {
            case "b" -> BOOL;
            case "i1" -> INT8;
            case "i2" -> INT16;
            case "i4" -> INT32;
            case "i8" -> INT64;
            case "u1" -> UINT8;
            case "u2" -> UINT16;
            case "u4" -> UINT32;
            case "u8" -> UINT64;
            case "f4" -> FLOAT32;
            case "f8" -> FLOAT64;
            default -> throw new IllegalArgumentException(c);
        };
    }

    @Test
    void everyPairFollowsTheTable() {
        int checked = 0;
        for (int i = 0; i < ORDER.length; i++) {
            String[] row = TABLE[i].trim().split("\\s+");
            assertThat(row).hasSize(ORDER.length);
            for (int j = 0; j < ORDER.length; j++) {
                DataType expected = code(row[j]);
                assertThat(TypePromotion.resultType(ORDER[i], ORDER[j]))
                        .as("%s + %s", ORDER[i], ORDER[j]).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(121);
    }

    @Test
    void promotionIsSymmetricAndFoldsOverSeveralOperands() {
        for (DataType a : ORDER) {
            for (DataType b : ORDER) {
                assertThat(TypePromotion.resultType(a, b)).isEqualTo(TypePromotion.resultType(b, a));
            }
        }
        assertThat(TypePromotion.resultType(INT8, UINT8, FLOAT32)).isEqualTo(FLOAT32);
        assertThat(TypePromotion.resultType(BOOL, UINT16, INT8)).isEqualTo(INT32);
    }

    @Test
    void weakScalarsTakeTheArrayTypeWhenTheKindAllows() {
        // bool scalars never change the type
        for (DataType t : ORDER) {
            assertThat(TypePromotion.resultType(t, true)).isEqualTo(t);
        }
        // int scalars
        assertThat(TypePromotion.resultType(BOOL, 1)).isEqualTo(INT64);
        assertThat(TypePromotion.resultType(INT8, 5)).isEqualTo(INT8);
        assertThat(TypePromotion.resultType(UINT8, 255L)).isEqualTo(UINT8);
        assertThat(TypePromotion.resultType(UINT64, new BigInteger("18446744073709551615"))).isEqualTo(UINT64);
        assertThat(TypePromotion.resultType(FLOAT32, 7)).isEqualTo(FLOAT32);
        assertThat(TypePromotion.resultType(FLOAT64, Long.MAX_VALUE)).isEqualTo(FLOAT64);
        // float scalars
        assertThat(TypePromotion.resultType(INT8, 1.5)).isEqualTo(FLOAT64);
        assertThat(TypePromotion.resultType(BOOL, 1.5f)).isEqualTo(FLOAT64);
        assertThat(TypePromotion.resultType(UINT64, new BigDecimal("2.5"))).isEqualTo(FLOAT64);
        assertThat(TypePromotion.resultType(FLOAT32, 1.5)).isEqualTo(FLOAT32);
    }

    @Test
    void integerScalarsOutOfTheArrayRangeAreRejected() {
        assertThatThrownBy(() -> TypePromotion.resultType(UINT8, 300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("300").hasMessageContaining("uint8").hasMessageContaining("[0, 255]");
        assertThatThrownBy(() -> TypePromotion.resultType(UINT32, -1))
                .hasMessageContaining("uint32");
        assertThatThrownBy(() -> TypePromotion.resultType(INT64, new BigInteger("9223372036854775808")))
                .hasMessageContaining("int64");
        assertThat(TypePromotion.resultType(INT8, -128)).isEqualTo(INT8);
        assertThatThrownBy(() -> TypePromotion.resultType(INT8, -129)).hasMessageContaining("int8");
    }

    @Test
    void reductionAndDivisionDefaults() {
        assertThat(TypePromotion.sumType(BOOL)).isEqualTo(INT64);
        for (DataType t : new DataType[] {INT8, INT16, INT32, INT64}) {
            assertThat(TypePromotion.sumType(t)).isEqualTo(INT64);
        }
        for (DataType t : new DataType[] {UINT8, UINT16, UINT32, UINT64}) {
            assertThat(TypePromotion.sumType(t)).isEqualTo(UINT64);
        }
        assertThat(TypePromotion.sumType(FLOAT32)).isEqualTo(FLOAT32);
        assertThat(TypePromotion.sumType(FLOAT64)).isEqualTo(FLOAT64);

        assertThat(TypePromotion.trueDivideType(INT8, INT8)).isEqualTo(FLOAT64);
        assertThat(TypePromotion.trueDivideType(UINT8, FLOAT32)).isEqualTo(FLOAT32);
        assertThat(TypePromotion.trueDivideType(INT32, FLOAT32)).isEqualTo(FLOAT64);
        assertThat(TypePromotion.trueDivideType(FLOAT32, FLOAT32)).isEqualTo(FLOAT32);
    }
}
