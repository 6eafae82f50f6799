package dev.lifeboat.archive.copy;

import dev.lifeboat.archive.bucket.BucketSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecondBucketTest {

    private static final BucketSettings PRIMARY = BucketSettings.pathStyle("http://s3.one:9000", "us-east-1", "lifeboat-backups", "a", "b");

    @Test
    void aSecondBucketThatIsThePrimaryIsRefusedNamingIt() {
        assertThatThrownBy(() -> SecondBucket.refuseThePrimary(
                BucketSettings.pathStyle("http://s3.one:9000", "eu-west-1", "lifeboat-backups", "c", "s3cr3t-second"), PRIMARY))
                .hasMessageContaining("lifeboat.copy.bucket names the primary bucket (lifeboat-backups at http://s3.one:9000)")
                .hasMessageNotContaining("s3cr3t-second");
    }

    @Test
    void anotherBucketOrTheSameNameOnAnotherEndpointIsTaken() {
        assertThatCode(() -> SecondBucket.refuseThePrimary(
                BucketSettings.pathStyle("http://s3.one:9000", "us-east-1", "lifeboat-copies", "a", "b"), PRIMARY)).doesNotThrowAnyException();
        assertThatCode(() -> SecondBucket.refuseThePrimary(
                BucketSettings.pathStyle("http://s3.two:9000", "us-east-1", "lifeboat-backups", "c", "d"), PRIMARY)).doesNotThrowAnyException();
    }
}
