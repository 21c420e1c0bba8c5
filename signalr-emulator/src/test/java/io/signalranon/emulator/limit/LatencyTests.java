package io.signalranon.emulator.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyTests {

    @Test
    void aFixedLatencyIsAlwaysTheSame() {
        assertThat(Latency.parse("20").next(new SplittableRandom(1))).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aRangeDrawsWithinItsBounds() {
        // given
        Latency latency = Latency.parse("5..50");
        SplittableRandom random = new SplittableRandom(7);

        // when
        var draws = IntStream.range(0, 1000).mapToObj(i -> latency.next(random)).toList();

        // then
        assertThat(draws).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(5), Duration.ofMillis(50)));
        assertThat(draws.stream().distinct().count()).isGreaterThan(100);
    }
}
