package io.signalranon.emulator.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.ConnectionString;
import io.signalranon.client.SendOutcome;
import io.signalranon.client.SignalRRestClient;
import io.signalranon.emulator.SignalREmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The emulator's modelled limits, seen by a real client, on a clock that only the test moves. */
class ServiceLimitsIntegrationTests {

    private static final String BODY = "{\"target\":\"offers\",\"arguments\":[{\"id\":\"cart-10\"}]}";

    private final AtomicLong now = new AtomicLong();

    private List<SendOutcome> send(ServiceLimits limits, int calls) {
        try (SignalREmulator emulator = SignalREmulator.builder()
                        .port(0)
                        .limits(limits.withClock(now::get))
                        .build()
                        .start();
                SignalRRestClient client = SignalRRestClient.builder(
                                ConnectionString.parse(emulator.connectionString()))
                        .build()) {
            return IntStream.range(0, calls)
                    .mapToObj(i -> client.sendToUser("offers", "u" + i, BODY))
                    .toList();
        }
    }

    @Test
    void oneUnitAllowsOneSecondOfCallsThenThrottles() {
        // when: 1,005 calls while the clock stands still
        List<SendOutcome> outcomes = send(ServiceLimits.units(1), 1005);

        // then
        assertThat(outcomes.subList(0, 1000)).allMatch(SendOutcome::delivered);
        assertThat(outcomes.subList(1000, 1005))
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(429))
                .allSatisfy(o -> assertThat(o.retryAfter()).isNull());
    }

    @Test
    void throttledAnswersCarryRetryAfterWhenAsked() {
        // when
        List<SendOutcome> outcomes = send(ServiceLimits.units(1).withRetryAfter(true), 1001);

        // then
        assertThat(outcomes.get(1000).status()).isEqualTo(429);
        assertThat(outcomes.get(1000).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void callsWithLatencyAreAnsweredLikeOthers() {
        // when
        List<SendOutcome> outcomes =
                send(ServiceLimits.units(1).withLatency(new Latency(Duration.ofMillis(1), Duration.ofMillis(3))), 20);

        // then
        assertThat(outcomes).allMatch(SendOutcome::delivered);
    }
}
