package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

class OutcomeResponseHandlerTests {

    private final OutcomeResponseHandler handler = new OutcomeResponseHandler(
            new OutcomeClassifier(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC)));

    @Test
    void acceptedSendIsDelivered() throws Exception {
        // given
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(202);

        // when
        SendOutcome outcome = handler.handleResponse(response);

        // then
        assertThat(outcome).isEqualTo(new SendOutcome(SendOutcome.Kind.DELIVERED, 202, null, "HTTP 202", null));
    }

    @Test
    void errorCodeComesFromTheHeaderAndReasonFromTheBody() throws Exception {
        // given
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(401);
        response.addHeader("x-ms-error-code", "Error.Auth.Invalid");
        response.setEntity(new StringEntity(
                "{\"code\":\"Other\",\"message\":\"The token is expired\"}", ContentType.APPLICATION_JSON));

        // when
        SendOutcome outcome = handler.handleResponse(response);

        // then
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.PERMANENT);
        assertThat(outcome.errorCode()).isEqualTo("Error.Auth.Invalid");
        assertThat(outcome.reason()).isEqualTo("HTTP 401: The token is expired");
    }

    @Test
    void errorCodeFallsBackToTheBodyCode() throws Exception {
        // given
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(400);
        response.setEntity(new StringEntity("{ \"code\" : \"Error.BadRequest\" }", ContentType.APPLICATION_JSON));

        // when
        SendOutcome outcome = handler.handleResponse(response);

        // then
        assertThat(outcome.errorCode()).isEqualTo("Error.BadRequest");
        assertThat(outcome.reason()).isEqualTo("HTTP 400");
    }

    @Test
    void throttledResponseCarriesRetryAfter() throws Exception {
        // given
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(429);
        response.addHeader("Retry-After", "1");
        response.setEntity(new StringEntity("x".repeat(100_000)));

        // when
        SendOutcome outcome = handler.handleResponse(response);

        // then
        assertThat(outcome.kind()).isEqualTo(SendOutcome.Kind.RETRYABLE);
        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(outcome.errorCode()).isNull();
    }
}
