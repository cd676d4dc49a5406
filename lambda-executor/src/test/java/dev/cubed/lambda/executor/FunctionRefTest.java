package dev.cubed.lambda.executor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionRefTest {

    @Test
    void aPlainNameHasNoQualifierOrRegion() {
        FunctionRef f = FunctionRef.parse("cubed-worker", null);
        assertThat(f).isEqualTo(new FunctionRef("cubed-worker", null, null));
        assertThat(f.toString()).isEqualTo("cubed-worker");
    }

    @Test
    void nameColonAliasSplitsOffTheQualifier() {
        assertThat(FunctionRef.parse("cubed-worker:live", null)).isEqualTo(new FunctionRef("cubed-worker", "live", null));
        assertThat(FunctionRef.parse("cubed-worker", "live").toString()).isEqualTo("cubed-worker:live");
    }

    @Test
    void aFullArnGivesItsRegionAndQualifier() {
        FunctionRef f = FunctionRef.parse("arn:aws:lambda:eu-west-1:123456789012:function:cubed-worker:7", null);
        assertThat(f.name()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:cubed-worker");
        assertThat(f.qualifier()).isEqualTo("7");
        assertThat(f.region()).isEqualTo("eu-west-1");
        assertThat(FunctionRef.parse("arn:aws:lambda:us-east-2:123456789012:function:w", null).qualifier()).isNull();
    }

    @Test
    void aPartialArnKeepsAccountAndName() {
        FunctionRef f = FunctionRef.parse("123456789012:function:cubed-worker:live", null);
        assertThat(f.name()).isEqualTo("123456789012:function:cubed-worker");
        assertThat(f.qualifier()).isEqualTo("live");
        assertThat(f.region()).isNull();
    }

    @Test
    void aQualifierGivenTwiceMustAgree() {
        assertThat(FunctionRef.parse("cubed-worker:live", "live").qualifier()).isEqualTo("live");
        assertThatThrownBy(() -> FunctionRef.parse("cubed-worker:live", "3"))
                .hasMessageContaining("names qualifier live but the executor option qualifier is 3");
    }

    @Test
    void badNamesSayWhatIsExpected() {
        assertThatThrownBy(() -> FunctionRef.parse(" ", null)).hasMessageContaining("set the executor option function");
        assertThatThrownBy(() -> FunctionRef.parse("arn:aws:s3:::bucket", null))
                .hasMessageContaining("is not a Lambda function ARN");
        assertThatThrownBy(() -> FunctionRef.parse("a:b:c", null)).hasMessageContaining("neither a function name");
    }
}
