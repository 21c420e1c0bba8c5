package io.signalranon.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ServerTokenCacheTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AccessTokens tokens = new AccessTokens(ConnectionString.parse("Endpoint=https://h;AccessKey=K"),
            clock, Duration.ofHours(1));

    @Test
    void reusesATokenPerAudienceUntilFiveMinutesBeforeExpiry() {
        // given
        ServerTokenCache cache = new ServerTokenCache(tokens, clock, 10);
        String first = cache.tokenFor(URI.create("https://h/api/hubs/a/users/u/:send?api-version=2022-06-01"));

        // when
        clock.advance(Duration.ofMinutes(54));
        String sameAudience = cache.tokenFor(URI.create("https://h/api/hubs/a/users/u/:send?other=query"));
        clock.advance(Duration.ofMinutes(1));
        String refreshed = cache.tokenFor(URI.create("https://h/api/hubs/a/users/u/:send"));

        // then
        assertThat(sameAudience).isEqualTo(first);
        assertThat(refreshed).isNotEqualTo(first);
    }

    @Test
    void distinctAudiencesGetDistinctTokensAndTheCacheStaysBounded() {
        // given
        ServerTokenCache cache = new ServerTokenCache(tokens, clock, 3);

        // when
        String a = cache.tokenFor(URI.create("https://h/a"));
        String b = cache.tokenFor(URI.create("https://h/b"));
        for (int i = 0; i < 10; i++) {
            cache.tokenFor(URI.create("https://h/u" + i));
        }

        // then
        assertThat(a).isNotEqualTo(b);
        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
