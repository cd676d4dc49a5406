package dev.cubed.block;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrayPoolTest {

    @Test
    void aGivenArrayServesTheNextTakeOfTheSameTypeAndLength() {
        ArrayPool pool = new ArrayPool(1 << 20);
        double[] a = (double[]) pool.take(DataType.FLOAT64, 1000);
        a[3] = 42;
        pool.give(DataType.FLOAT64, a);
        assertThat(pool.heldBytes()).isEqualTo(8000);
        assertThat(pool.take(DataType.INT64, 1000)).isNotSameAs(a).isInstanceOf(long[].class);
        assertThat(pool.take(DataType.FLOAT64, 999)).isNotSameAs(a);
        double[] again = (double[]) pool.take(DataType.FLOAT64, 1000);
        assertThat(again).isSameAs(a);
        assertThat(again[3]).isEqualTo(42); // recycled as it was: callers overwrite every element
        assertThat(pool.heldBytes()).isZero();
        assertThat(pool.take(DataType.FLOAT64, 1000)).isNotSameAs(a);
    }

    @Test
    void typesSharingAStorageClassShareArrays() {
        ArrayPool pool = new ArrayPool(1 << 20);
        byte[] b = (byte[]) pool.take(DataType.UINT8, 64);
        pool.give(DataType.UINT8, b);
        assertThat(pool.take(DataType.BOOL, 64)).isSameAs(b);
    }

    @Test
    void holdsNoMoreThanItsCapacity() {
        ArrayPool pool = new ArrayPool(20_000);
        Object a = pool.take(DataType.FLOAT64, 1000);
        Object b = pool.take(DataType.FLOAT64, 1000);
        Object c = pool.take(DataType.FLOAT64, 1000);
        pool.give(DataType.FLOAT64, a);
        pool.give(DataType.FLOAT64, b);
        pool.give(DataType.FLOAT64, c); // 24,000 bytes would exceed 20,000: dropped
        assertThat(pool.heldBytes()).isEqualTo(16_000);
        Object x = pool.take(DataType.FLOAT64, 1000);
        Object y = pool.take(DataType.FLOAT64, 1000);
        Object z = pool.take(DataType.FLOAT64, 1000);
        assertThat(x == a && y == b || x == b && y == a).as("a and b come back").isTrue();
        assertThat(z != a && z != b && z != c).as("c was dropped").isTrue();
    }

    @Test
    void aDisabledPoolAlwaysAllocates() {
        ArrayPool pool = ArrayPool.disabled();
        Object a = pool.take(DataType.INT32, 10);
        pool.give(DataType.INT32, a);
        assertThat(pool.heldBytes()).isZero();
        assertThat(pool.take(DataType.INT32, 10)).isNotSameAs(a);
        assertThatThrownBy(() -> new ArrayPool(-1)).hasMessageContaining("capacity");
    }
}
