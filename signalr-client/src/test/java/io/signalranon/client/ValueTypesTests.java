package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTests {

    @ParameterizedTest
    @ValueSource(ints = {1, 99, 600, -1})
    void sendOutcomeRejectsStatusesThatAreNotHttp(int status) {
        // when / then
        assertThatThrownBy(() -> new SendOutcome(SendOutcome.Kind.PERMANENT, status, null, "r", null))
                .hasMessageContaining("status must be 0 or an HTTP status");
    }

    @Test
    void sendOutcomeAcceptsZeroAndHttpStatuses() {
        // when
        SendOutcome none = new SendOutcome(SendOutcome.Kind.RETRYABLE, 0, null, "no response", Duration.ZERO);
        SendOutcome accepted = new SendOutcome(SendOutcome.Kind.DELIVERED, 202, null, "HTTP 202", null);

        // then
        assertThat(none.retryable()).isTrue();
        assertThat(accepted.delivered()).isTrue();
        assertThatThrownBy(() -> new SendOutcome(SendOutcome.Kind.RETRYABLE, 429, null, "r", Duration.ofSeconds(-1)))
                .hasMessageContaining("retryAfter");
    }

    @Test
    void apiVersionLabels() {
        // when / then
        assertThat(ApiVersion.fromLabel("v1")).isEqualTo(ApiVersion.V1);
        assertThat(ApiVersion.fromLabel("2022-06-01")).isEqualTo(ApiVersion.V2022_06_01);
        assertThatThrownBy(() -> ApiVersion.fromLabel("v2")).hasMessageContaining("v1 or 2022-06-01");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "offers",
                "A",
                "a_b`c,d.e[f]",
                "h23456789012345678901234567890123456789012345678901234567890"
                        + "1234567890123456789012345678901234567890123456789012345678901234567"
            })
    void validHubNames(String hub) {
        // when / then
        assertThat(Hubs.requireValid(hub)).isEqualTo(hub);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1hub", "_hub", "hub-x", "hub x", "hubé"})
    void invalidHubNames(String hub) {
        // when / then
        assertThatThrownBy(() -> Hubs.requireValid(hub)).hasMessageContaining("hub name");
    }

    @Test
    void hubNamesAreAtMost128Characters() {
        // when / then
        assertThatThrownBy(() -> Hubs.requireValid("h".repeat(129))).hasMessageContaining("hub name");
        assertThat(Hubs.requireValid("h".repeat(128))).hasSize(128);
    }

    @Test
    void tokensAreMasked() {
        // when / then
        assertThat(Tokens.mask("eyJhbGciOiJIUzI1NiJ9.payload.signature123")).isEqualTo("…ure123");
        assertThat(Tokens.mask("short")).isEqualTo("***");
        assertThat(Tokens.mask(null)).isEqualTo("null");
        assertThat(new NegotiateResponse("u", "eyJhbGciOiJIUzI1NiJ9.payload.signature123").toString())
                .doesNotContain("payload");
    }
}
