package io.signalranon.negotiate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegotiateSettingsTests {

    @Test
    void readsEveryMemberOfNegotiateJson() {
        // when
        NegotiateSettings settings = NegotiateSettings.parse("""
                {"hub": "Offers", "url": "ignored", "route": "shop/negotiate",
                 "userId": {"source": "signed-cookie", "name": "__Host-sa_vid"},
                 "allowedOrigins": ["https://shop.example", "http://localhost:3000"],
                 "tokenLifetimeSeconds": 900, "visitorCookieMaxAgeSeconds": 86400,
                 "rateLimit": {"perSecond": 2.5, "burst": 5}}
                """);

        // then
        assertThat(settings)
                .isEqualTo(new NegotiateSettings(
                        "Offers",
                        "shop/negotiate",
                        new UserIdSource(UserIdSource.Kind.SIGNED_COOKIE, "__Host-sa_vid"),
                        Set.of("https://shop.example", "http://localhost:3000"),
                        Duration.ofMinutes(15),
                        Duration.ofDays(1),
                        new RateLimit(2.5, 5)));
        assertThat(settings.path()).isEqualTo("/api/shop/negotiate");
        assertThat(settings.basePath()).isEqualTo("/api/shop");
    }

    @Test
    void leftOutMembersTakeTheSafeDefaults() {
        // when
        NegotiateSettings settings = NegotiateSettings.parse("{\"hub\": \"offers\"}");

        // then
        assertThat(settings).isEqualTo(NegotiateSettings.defaults("offers"));
        assertThat(settings.userId()).isEqualTo(new UserIdSource(UserIdSource.Kind.SIGNED_COOKIE, "sa_vid"));
        assertThat(settings.tokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.rateLimit()).isEqualTo(new RateLimit(10, 20));
        assertThat(settings.allowedOrigins()).isEmpty();
    }

    @Test
    void refusesTokensOfMoreThanADay() {
        // when / then
        assertThatThrownBy(() -> NegotiateSettings.parse("{\"hub\": \"offers\", \"tokenLifetimeSeconds\": 2592000}"))
                .hasMessageContaining("tokenLifetimeSeconds must be from 1 to 86400 (24 hours)")
                .hasMessageContaining("got 2592000");
    }

    @Test
    void refusesOriginsThatAreNotExactOrigins() {
        // when / then
        for (String origin : new String[] {
            "*", "null", "https://shop.example/", "https://Shop.example", "shop.example", "https://shop.example/x", ""
        }) {
            assertThatThrownBy(() -> NegotiateSettings.defaults("offers").withAllowedOrigins(Set.of(origin)))
                    .as(origin)
                    .hasMessageContaining("is not an origin");
        }
    }

    @Test
    void refusesUnknownSourcesAndBadRateLimits() {
        // when / then
        assertThatThrownBy(() -> NegotiateSettings.parse("{\"hub\":\"offers\",\"userId\":{\"source\":\"ecid\"}}"))
                .hasMessageContaining("userId.source must be signed-cookie, header, query or cookie");
        assertThatThrownBy(() -> NegotiateSettings.parse("{\"hub\":\"offers\",\"rateLimit\":{\"perSecond\":0}}"))
                .hasMessageContaining("rateLimit.perSecond must be more than 0");
        assertThatThrownBy(() -> NegotiateSettings.parse("[]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> NegotiateSettings.parse("{}")).hasMessageContaining("member hub is required");
    }
}
