package io.signalranon.dispatcher.delivery.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryScheduleTests {

    private final RetrySchedule schedule =
            new RetrySchedule(5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void backOffDoublesWithEqualJitterUpToTheCap() {
        // given
        SplittableRandom random = new SplittableRandom(42);

        for (int i = 0; i < 1_000; i++) {
            // when
            long first = schedule.delayAfter(1, null, random::nextLong).toMillis();
            long second = schedule.delayAfter(2, null, random::nextLong).toMillis();
            long fifth = schedule.delayAfter(5, null, random::nextLong).toMillis();
            long far = schedule.delayAfter(60, null, random::nextLong).toMillis();

            // then
            assertThat(first).isBetween(50L, 100L);
            assertThat(second).isBetween(100L, 200L);
            assertThat(fifth).isBetween(500L, 1_000L);
            assertThat(far).isBetween(500L, 1_000L);
        }
    }

    @Test
    void jitterSpreadsDelays() {
        SplittableRandom random = new SplittableRandom(7);

        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToLong(i -> schedule.delayAfter(3, null, random::nextLong).toMillis())
                .distinct()
                .count();

        assertThat(distinct).isGreaterThan(50);
    }

    @Test
    void retryAfterIsHonouredAsGivenUpToItsCap() {
        assertThat(schedule.delayAfter(1, Duration.ofSeconds(2), () -> 0L)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.delayAfter(4, Duration.ZERO, () -> 0L)).isEqualTo(Duration.ZERO);
        assertThat(schedule.delayAfter(1, Duration.ofMinutes(5), () -> 0L)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void attemptsAreCounted() {
        assertThat(schedule.allowsAnotherAfter(4)).isTrue();
        assertThat(schedule.allowsAnotherAfter(5)).isFalse();
        assertThat(new RetrySchedule(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO)
                        .allowsAnotherAfter(1))
                .isFalse();
    }

    @Test
    void invalidSettingsNameTheBrokenRule() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetrySchedule(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO))
                .withMessageContaining("maxAttempts must be >= 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetrySchedule(3, Duration.ZERO, Duration.ofMillis(1), Duration.ZERO))
                .withMessageContaining("initialDelay must be > 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetrySchedule(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
                .withMessageContaining("maxDelay must be >= initialDelay");
    }
}
