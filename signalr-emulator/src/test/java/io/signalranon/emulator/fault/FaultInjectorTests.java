package io.signalranon.emulator.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectorTests {

    @Test
    void noPlanLeavesEveryRequestAlone() {
        // given
        FaultInjector injector = new FaultInjector(FaultPlan.NONE);

        // when / then
        assertThat(injector.isNone()).isTrue();
        assertThat(injector.next("u")).isEqualTo(Fault.NONE);
    }

    @Test
    void ratesAreHonouredAndReproducibleFromTheSeed() {
        // given
        FaultPlan plan = FaultPlan.builder()
                .seed(7)
                .throttleWithRetryAfter(0.1)
                .throttle(0.1)
                .unavailable(0.1)
                .serverError(0.1)
                .drop(0.1)
                .build();

        // when
        List<Fault> first = draw(new FaultInjector(plan), 10_000);
        List<Fault> second = draw(new FaultInjector(plan), 10_000);

        // then
        assertThat(first).isEqualTo(second);
        assertThat(count(first, Fault.Action.PROCEED, 0)).isBetween(4_700L, 5_300L);
        assertThat(first.stream()
                        .filter(f -> f.status() == 429 && f.retryAfterSeconds() == 1)
                        .count())
                .isBetween(850L, 1_150L);
        assertThat(first.stream()
                        .filter(f -> f.status() == 429 && f.retryAfterSeconds() == -1)
                        .count())
                .isBetween(850L, 1_150L);
        assertThat(count(first, Fault.Action.RESPOND, 503)).isBetween(850L, 1_150L);
        assertThat(count(first, Fault.Action.RESPOND, 500)).isBetween(850L, 1_150L);
        assertThat(count(first, Fault.Action.DROP, 0)).isBetween(850L, 1_150L);
    }

    @Test
    void failFirstCountsAttemptsPerUserBeforeTheRates() {
        // given
        FaultInjector injector = new FaultInjector(
                FaultPlan.builder().failFirst("u", 2, 0).failFirst("v", 1, 429).build());

        // when
        List<Fault> u = List.of(injector.next("u"), injector.next("u"), injector.next("u"));
        Fault v = injector.next("v");
        Fault other = injector.next("w");

        // then
        assertThat(u)
                .extracting(Fault::action)
                .containsExactly(Fault.Action.DROP, Fault.Action.DROP, Fault.Action.PROCEED);
        assertThat(v.status()).isEqualTo(429);
        assertThat(other).isEqualTo(Fault.NONE);
    }

    @Test
    void latencyAndJitterAddUp() {
        // given
        FaultInjector injector = new FaultInjector(FaultPlan.builder()
                .latency(Duration.ofMillis(10))
                .latencyJitter(Duration.ofMillis(5))
                .build());

        // when
        List<Fault> faults = draw(injector, 100);

        // then
        assertThat(faults)
                .allSatisfy(f -> assertThat(f.delay()).isBetween(Duration.ofMillis(10), Duration.ofMillis(15)));
        assertThat(faults.stream().map(Fault::delay).distinct().count()).isGreaterThan(50);
    }

    @Test
    void invalidPlansNameTheBrokenRule() {
        // when / then
        assertThatThrownBy(() -> FaultPlan.builder().throttle(1.5).build())
                .hasMessageContaining("throttleRate must be from 0 to 1");
        assertThatThrownBy(() -> FaultPlan.builder().throttle(0.6).drop(0.6).build())
                .hasMessageContaining("add up to at most 1");
        assertThatThrownBy(
                        () -> FaultPlan.builder().latency(Duration.ofMillis(-1)).build())
                .hasMessageContaining("latency");
        assertThatThrownBy(() -> FaultPlan.builder().failFirst("u", 0, 500).build())
                .hasMessageContaining("attempts");
        assertThatThrownBy(() -> FaultPlan.builder().failFirst("u", 1, 302).build())
                .hasMessageContaining("status");
        assertThatThrownBy(() -> FaultPlan.builder()
                        .failFirst("u", 1, 500)
                        .failFirst("u", 2, 500)
                        .build())
                .hasMessageContaining("each user once");
    }

    private static List<Fault> draw(FaultInjector injector, int n) {
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            faults.add(injector.next("user-" + i));
        }
        return faults;
    }

    private static long count(List<Fault> faults, Fault.Action action, int status) {
        return faults.stream()
                .filter(f -> f.action() == action && f.status() == status)
                .count();
    }
}
