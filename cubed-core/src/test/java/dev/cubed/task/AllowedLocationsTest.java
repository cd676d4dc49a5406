package dev.cubed.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The worker's allow-list: a location is allowed when it is really under an allowed prefix. */
class AllowedLocationsTest {
    private final AllowedLocations work = AllowedLocations.parse("s3://cubed-work/,s3://shared/data");

    @Test
    void locationsUnderThePrefixesAreAllowed() {
        assertThat(work.allows("s3://cubed-work/cubed-abc/array-001/c/0")).isTrue();
        assertThat(work.allows("s3://shared/data")).isTrue();
        assertThat(work.allows("s3://shared/data/x.zarr")).isTrue();
        assertThat(work.allows("s3://cubed-work/a..b/file.name")).as("dots inside a name are fine").isTrue();
        assertThat(AllowedLocations.anywhere().allows("s3://cubed-work/../x")).as("a local run allows anything").isTrue();
    }

    @Test
    void dotSegmentsAndLookAlikePrefixesAreRefused() {
        for (String escape : new String[] {"s3://cubed-work/../other-bucket/x", "s3://cubed-work/a/../../other/x",
                "s3://cubed-work/./x", "s3://cubed-work/%2e%2e/other/x", "s3://cubed-work/%2E%2E%2Fother/x",
                "s3://cubed-work/..\\\\other\\\\x", "s3://shared/data-other/x", "s3://shared/data/../secret"}) {
            assertThat(work.allows(escape)).as(escape).isFalse();
        }
        assertThatThrownBy(() -> work.check("s3://cubed-work/../other-bucket/x", "write"))
                .isInstanceOf(SecurityException.class).hasMessageContaining("'..' path segment")
                .hasMessageContaining("s3://cubed-work/../other-bucket/x");
        assertThatThrownBy(() -> work.check("s3://other/x", "read")).hasMessageContaining("may only use");
    }
}
