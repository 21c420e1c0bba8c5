package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutcomeClassifierTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final OutcomeClassifier classifier = new OutcomeClassifier(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @ValueSource(ints = {200, 202, 204})
    void successIsDelivered(int status) {
        // when
        SendOutcome outcome = classifier.response(status, null, "5", null);

        // then
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.DELIVERED);
        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.retryAfter()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
    void throttlingTimeoutsAndServerErrorsAreRetryable(int status) {
        // when
        SendOutcome outcome = classifier.response(status, "Error.Throttled", null, "busy");

        // then
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.RETRYABLE);
        assertThat(outcome.errorCode()).isEqualTo("Error.Throttled");
        assertThat(outcome.reason()).isEqualTo("HTTP " + status + ": busy");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 413, 431, 301, 304, 101})
    void otherStatusesArePermanent(int status) {
        // when
        SendOutcome outcome = classifier.response(status, null, "10", null);

        // then
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.PERMANENT);
        assertThat(outcome.retryAfter()).isNull();
        assertThat(outcome.reason()).isEqualTo("HTTP " + status);
    }

    @Test
    void retryAfterInSeconds() {
        // when / then
        assertThat(classifier.response(429, null, "1", null).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(classifier.response(503, null, " 120 ", null).retryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(classifier.response(429, null, "0", null).retryAfter()).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterAsHttpDate() {
        // when / then
        assertThat(classifier.retryAfter("Tue, 01 Dec 2026 10:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
        assertThat(classifier.retryAfter("Tuesday, 01-Dec-26 10:01:00 GMT")).isEqualTo(Duration.ofMinutes(1));
        assertThat(classifier.retryAfter("Tue, 01 Dec 2026 09:00:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-1", "soon", "1.5", "99999999999999999999999"})
    void unreadableRetryAfterIsIgnored(String value) {
        // when
        SendOutcome outcome = classifier.response(429, null, value, null);

        // then
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.RETRYABLE);
        assertThat(outcome.retryAfter()).isNull();
    }

    @Test
    void noResponseIsRetryableWithStatusZero() {
        // when
        SendOutcome timeout = classifier.noResponse(new SocketTimeoutException("Read timed out"));
        SendOutcome reset = classifier.noResponse(new IOException());

        // then
        assertThat(timeout.kind()).isEqualTo(SendOutcome.Kind.RETRYABLE);
        assertThat(timeout.status()).isZero();
        assertThat(timeout.reason()).isEqualTo("no response: SocketTimeoutException: Read timed out");
        assertThat(reset.reason()).isEqualTo("no response: IOException");
    }

    @Test
    void reasonIsShortSingleLineAndNeverCarriesAToken() {
        // given
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl";
        String detail = "bad token " + token + "\nline2 " + "x".repeat(500);

        // when
        SendOutcome outcome = classifier.response(401, "Error.Unauthorized", null, detail);

        // then
        assertThat(outcome.reason())
                .startsWith("HTTP 401: bad token <token> line2")
                .doesNotContain(token)
                .doesNotContain("\n")
                .hasSizeLessThanOrEqualTo(160);
    }
}
