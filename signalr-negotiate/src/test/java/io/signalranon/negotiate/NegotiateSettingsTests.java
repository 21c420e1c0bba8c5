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

    @Test
    void refusesAnUnknownMemberNamingItAndWhatIsAllowed() {
        // when / then
        assertThatThrownBy(() -> NegotiateSettings.parse("{\"hub\": \"offers\", \"tokenLifetimeSecond\": 900}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown member 'tokenLifetimeSecond': allowed are hub, route, userId, allowedOrigins,"
                        + " tokenLifetimeSeconds, visitorCookieMaxAgeSeconds, rateLimit and the Maven plugin's url,"
                        + " userIdClaims, tokenLifetime, connectionStringSetting (not read)");
        assertThatThrownBy(() -> NegotiateSettings.parse(
                        "{\"hub\": \"offers\", \"userId\": {\"source\": \"header\", \"header\": \"x-id\"}}"))
                .hasMessage("unknown member 'userId.header': allowed are userId.source, userId.name");
        assertThatThrownBy(() -> NegotiateSettings.parse(
                        "{\"hub\": \"offers\", \"rateLimit\": {\"perSecond\": 5, \"perMinute\": 100}}"))
                .hasMessage("unknown member 'rateLimit.perMinute': allowed are rateLimit.perSecond, rateLimit.burst");
        assertThatThrownBy(() -> NegotiateSettings.parse("{\"hub\": \"offers\", \"userId\": \"sa_vid\"}"))
                .hasMessage("member userId must be an object with source, name");
        assertThatThrownBy(() -> NegotiateSettings.parse("{\"hub\": \"offers\", \"rateLimit\": 5}"))
                .hasMessage("member rateLimit must be an object with perSecond, burst");
    }

    @Test
    void keysWrittenIntoTheFileAreRefusedWithoutShowingThemSayingTheyComeFromTheEnvironment() {
        // given
        String secret = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

        for (String member : new String[] {
            "keys", "visitorKeys", "accessKey", "connectionString", "AzureSignalRConnectionString", "userId.key"
        }) {
            String json = member.startsWith("userId.")
                    ? "{\"hub\": \"offers\", \"userId\": {\"" + member.substring(7) + "\": \"" + secret + "\"}}"
                    : "{\"hub\": \"offers\", \"" + member + "\": \"" + secret + "\"}";

            // when / then
            assertThatThrownBy(() -> NegotiateSettings.parse(json))
                    .as(member)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unknown member '" + member + "': keys never belong in negotiate.json,"
                            + " they come only from the environment (SIGNALR_ANON_VISITOR_KEYS,"
                            + " SIGNALR_CONNECTION_STRING); remove it; allowed are ")
                    .hasMessageNotContaining("AAECAwQF")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aMemberNameThatIsNotAPlainNameIsNotShown() {
        // when / then: a line break, a pasted connection string, a long name
        for (String name : new String[] {
            "a\\nb", "Endpoint=https://x.service.signalr.net;AccessKey=c2VjcmV0;Version=1.0;", "x".repeat(65)
        }) {
            assertThatThrownBy(() -> NegotiateSettings.parse("{\"hub\": \"offers\", \"" + name + "\": 1}"))
                    .as(name)
                    .hasMessageStartingWith("unknown member (its name is not shown: not a plain name):")
                    .hasMessageNotContaining("c2VjcmV0")
                    .hasMessageNotContaining("xxxxxxxxxx")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void allowsEveryMemberTheMavenPluginWrites() {
        // when: negotiate.json as mvn signalr-anon:token writes it
        NegotiateSettings settings = NegotiateSettings.parse("""
                {
                  "hub": "offers",
                  "url": "https://unit.service.signalr.net/client/?hub=offers",
                  "userId": {
                    "source": "signed-cookie",
                    "name": "sa_vid"
                  },
                  "userIdClaims": [
                    "nameid",
                    "asrs.s.uid"
                  ],
                  "allowedOrigins": [
                    "https://shop.example"
                  ],
                  "rateLimit": {
                    "perSecond": 2.5,
                    "burst": 5
                  },
                  "tokenLifetime": "PT15M",
                  "tokenLifetimeSeconds": 900,
                  "route": "negotiate",
                  "connectionStringSetting": "AzureSignalRConnectionString"
                }
                """);

        // then
        assertThat(settings)
                .isEqualTo(NegotiateSettings.defaults("offers")
                        .withAllowedOrigins(Set.of("https://shop.example"))
                        .withRateLimit(new RateLimit(2.5, 5))
                        .withTokenLifetime(Duration.ofMinutes(15)));
    }
}
