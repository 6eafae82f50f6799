package dev.lifeboat.realservers.kafka;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

    /** One id in 64 would start with '-' and make kafka-storage fail: a flake seen in a cold CI run. */
    @Test
    void clusterIdsAreSixteenBytesAndNeverLookLikeAnOption() {
        IntStream.range(0, 5_000).mapToObj(i -> KafkaBroker.randomClusterId()).forEach(id -> {
            assertThat(id).hasSize(22).doesNotStartWith("-");
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        });
    }
}
