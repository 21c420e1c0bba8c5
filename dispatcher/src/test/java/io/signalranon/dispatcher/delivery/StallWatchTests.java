package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.client.SendOutcome;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StallWatchTests {

    private static final long SECOND = 1_000_000_000L;
    private static final SendOutcome TIMED_OUT =
            new SendOutcome(SendOutcome.Kind.RETRYABLE, 0, null, "Read timed out", null);
    private static final SendOutcome ACCEPTED =
            new SendOutcome(SendOutcome.Kind.DELIVERED, 202, null, "Accepted", null);
    private static final SendOutcome UNAVAILABLE =
            new SendOutcome(SendOutcome.Kind.RETRYABLE, 503, null, "Service Unavailable", null);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final StallWatch watch = new StallWatch(Duration.ofSeconds(10), Duration.ofSeconds(10), now::get);

    @Test
    void theFirstSendsFailAfterTwiceTheResponseTimeoutWithoutAnyAnswer() {
        // given
        watch.chunkStarted();
        watch.attempted(TIMED_OUT, Duration.ofSeconds(10));
        now.addAndGet(19 * SECOND);
        String waiting = watch.check(8).orElseThrow();
        // when
        now.addAndGet(SECOND);
        // then
        assertThat(waiting).isEqualTo("waiting for the service: 8 sends without an answer for 19 s");
        assertThatThrownBy(() -> watch.check(8))
                .isInstanceOf(SystemicDeliveryException.class)
                .hasMessage("SignalR service not answering: no send had an answer in 20.0 s"
                        + " (dispatcher.delivery.response-timeout 10s); restart once the service answers");
    }

    @Test
    void theTimeWithoutAnyAnswerCountsOverRoundsOfRetries() {
        // given: the first round's sends time out, and their retries come in a round of their own
        watch.chunkStarted();
        watch.attempted(TIMED_OUT, Duration.ofSeconds(10));
        now.addAndGet(11 * SECOND);
        watch.chunkStarted();
        // when
        now.addAndGet(9 * SECOND);
        // then
        assertThatThrownBy(() -> watch.check(4))
                .isInstanceOf(SystemicDeliveryException.class)
                .hasMessageContaining("no send had an answer in 20.0 s");
    }

    @Test
    void anyStatusIsAnAnswerSoLaterSilenceIsReportedEveryTenSecondsButDoesNotFail() {
        // given
        watch.chunkStarted();
        watch.attempted(UNAVAILABLE, Duration.ofMillis(3));
        // when
        now.addAndGet(10 * SECOND);
        String first = watch.check(4).orElseThrow();
        now.addAndGet(5 * SECOND);
        boolean between = watch.check(4).isPresent();
        now.addAndGet(5 * SECOND);
        String second = watch.check(3).orElseThrow();
        now.addAndGet(60 * SECOND);
        boolean nothingWaiting = watch.check(0).isPresent();
        // then
        assertThat(first).isEqualTo("waiting for the service: 4 sends without an answer for 10 s");
        assertThat(between).isFalse();
        assertThat(second).isEqualTo("waiting for the service: 3 sends without an answer for 20 s");
        assertThat(nothingWaiting).isFalse();
    }

    @Test
    void anAnswerStartsTheQuietTimeAgainAndWithoutAResponseTimeoutNothingFails() {
        // given
        StallWatch patient = new StallWatch(null, Duration.ofSeconds(10), now::get);
        patient.chunkStarted();
        watch.chunkStarted();
        now.addAndGet(5 * SECOND);
        watch.attempted(ACCEPTED, Duration.ofMillis(3));
        // when
        now.addAndGet(10 * SECOND);
        boolean reported = watch.check(2).isPresent();
        now.addAndGet(60 * SECOND);
        // then
        assertThat(reported).as("answered 10 s ago").isTrue();
        assertThat(patient.check(2)).isPresent();
        assertThat(watch.check(2)).isPresent();
    }
}
