package io.signalranon.maven.negotiate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsValidationTests {

    @Test
    void userIdSourcesParseToTheirBindingExpressions() {
        // given
        List<String> values = List.of("header:x-ms-signalr-userid", "Query:userid", "cookie:AMCV_ABC%40AdobeOrg");

        // when
        List<UserIdSource> sources = values.stream().map(UserIdSource::parse).toList();

        // then
        assertThat(sources)
                .extracting(UserIdSource::kind)
                .containsExactly(UserIdSource.Kind.HEADER, UserIdSource.Kind.QUERY, UserIdSource.Kind.COOKIE);
        assertThat(sources.get(0).bindingExpression()).contains("{headers.x-ms-signalr-userid}");
        assertThat(sources.get(1).bindingExpression()).contains("{query.userid}");
        assertThat(sources.get(2).bindingExpression()).isEmpty();
        assertThat(sources.get(2)).hasToString("cookie:AMCV_ABC%40AdobeOrg");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"userid", "body:userid", "header:", "query:user.id", "header:x y", "cookie:a=b", "query:{x}"})
    void malformedUserIdSourcesAreRejected(String value) {
        assertThatThrownBy(() -> UserIdSource.parse(value))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("signalr-anon.userIdSource")
                .extracting(e -> ((InvalidSettingException) e).setting())
                .isEqualTo("signalr-anon.userIdSource");
    }

    @Test
    void lifetimesAcceptIsoDurationsAndSeconds() {
        assertThat(TokenLifetime.parse("PT1H").value()).isEqualTo(Duration.ofHours(1));
        assertThat(TokenLifetime.parse("p1d").value()).isEqualTo(Duration.ofDays(1));
        assertThat(TokenLifetime.parse("3600").value()).isEqualTo(Duration.ofHours(1));
        assertThat(TokenLifetime.parse("1").value()).isEqualTo(Duration.ofSeconds(1));
        assertThat(TokenLifetime.parse("PT24H").value()).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"0", "PT0S", "PT0.5S", "PT1.5S", "P2D", "PT24H1S", "86401", "P30D", "-PT1H", "1h", "", "forever"
            })
    void lifetimesOutOfBoundsOrMalformedAreRejected(String value) {
        assertThatThrownBy(() -> TokenLifetime.parse(value))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("signalr-anon.lifetime");
    }

    @Test
    void testUsersRejectEmptyDuplicateTooLongAndLookalikeIds() {
        assertThatThrownBy(() -> new TestUsers(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new TestUsers(List.of("a", ""))).hasMessage("signalr-anon.userIds entry 2 is empty");
        assertThatThrownBy(() -> new TestUsers(List.of("a", "a"))).hasMessageContaining("lists 'a' twice");
        assertThatThrownBy(() -> new TestUsers(List.of("line\nbreak")))
                .hasMessageStartingWith("signalr-anon.userIds entry 1 contains U+000A, which is not allowed");
        assertThatThrownBy(() -> new TestUsers(List.of("web-1457\u200b5006")))
                .hasMessageStartingWith("signalr-anon.userIds entry 1 contains U+200B, which is not allowed");
        assertThatThrownBy(() -> new TestUsers(List.of("anon 42")))
                .hasMessageStartingWith("signalr-anon.userIds entry 1 contains U+0020");
        assertThatThrownBy(() -> new TestUsers(List.of("x".repeat(129))))
                .hasMessageContaining("is 129 characters long, more than 128");
    }

    @Test
    void testUsersAcceptTheLongestIdAndCdpShapedIds() {
        // given
        String longest = "x".repeat(128);

        // when
        TestUsers users = new TestUsers(Arrays.asList(longest, "web-14575006", "ECID:123", "3f2b9a1e-6c1d-4a0e"));

        // then
        assertThat(users.ids()).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/negotiate", "negotiate/", "mynegotiate", "negotiate/x", "api//negotiate", "a b/negotiate", ""})
    void routesMustEndInANegotiateSegment(String route) {
        assertThatThrownBy(() -> new NegotiateSettings(
                        "offers",
                        UserIdSource.parse(UserIdSource.DEFAULT),
                        route,
                        "AzureSignalRConnectionString",
                        TokenLifetime.parse("PT1H")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("signalr-anon.route");
    }

    @Test
    void routesMayNestTheNegotiateSegment() {
        // when
        NegotiateSettings settings = new NegotiateSettings(
                "offers",
                UserIdSource.parse(UserIdSource.DEFAULT),
                "v1/{hub}/negotiate",
                "AzureSignalRConnectionString",
                TokenLifetime.parse("PT1H"));

        // then
        assertThat(settings.route()).isEqualTo("v1/{hub}/negotiate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1offers", "", "off ers", "offers/x"})
    void invalidHubsAreRejectedWithTheRule(String hub) {
        assertThatThrownBy(() -> new NegotiateSettings(
                        hub,
                        UserIdSource.parse(UserIdSource.DEFAULT),
                        "negotiate",
                        "AzureSignalRConnectionString",
                        TokenLifetime.parse("PT1H")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("signalr-anon.hub: hub name must start with a letter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Azure SignalR", "a\tb"})
    void invalidAppSettingNamesAreRejected(String setting) {
        assertThatThrownBy(() -> new NegotiateSettings(
                        "offers",
                        UserIdSource.parse(UserIdSource.DEFAULT),
                        "negotiate",
                        setting,
                        TokenLifetime.parse("PT1H")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("signalr-anon.connectionStringSetting");
    }
}
