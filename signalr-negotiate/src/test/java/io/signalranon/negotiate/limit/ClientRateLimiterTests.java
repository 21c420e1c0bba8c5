package io.signalranon.negotiate.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTests {

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @Test
    void allowsTheBurstThenTheRateAndSaysHowLongToWait() {
        // given
        ClientRateLimiter limiter = new ClientRateLimiter(10, 20, clock);

        // when
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.acquire("203.0.113.9")).as("call %d", i).isEmpty();
        }

        // then
        assertThat(limiter.acquire("203.0.113.9")).contains(Duration.ofMillis(100));
        assertThat(limiter.acquire("198.51.100.1"))
                .as("another address has its own bucket")
                .isEmpty();
        millis.addAndGet(100);
        assertThat(limiter.acquire("203.0.113.9")).isEmpty();
        assertThat(limiter.acquire("203.0.113.9")).isPresent();
    }

    @Test
    void forgetsRefilledAddressesPastTheLimitOfTrackedOnes() {
        // given
        ClientRateLimiter limiter = new ClientRateLimiter(10, 2, clock, 3);
        limiter.acquire("a");
        limiter.acquire("b");
        limiter.acquire("c");
        limiter.acquire("c");
        millis.addAndGet(150);

        // when
        limiter.acquire("d");

        // then: a and b had refilled and were dropped; c is still busy and kept
        assertThat(limiter.trackedClients()).isEqualTo(2);
        assertThat(limiter.acquire("c")).isEmpty();
        assertThat(limiter.acquire("c")).isPresent();
    }

    @Test
    void anIpv6ClientCountsByItsSlash64SoRotatingAddressesDoesNotEscape() {
        // given
        ClientRateLimiter limiter = new ClientRateLimiter(1, 2, clock);

        // when
        limiter.acquire("2001:db8:1:2::1");
        limiter.acquire("[2001:db8:1:2:aaaa:bbbb:cccc:dddd]");

        // then
        assertThat(limiter.acquire("2001:0db8:0001:0002:ffff::9")).isPresent();
        assertThat(limiter.acquire("2001:db8:1:3::1")).as("another /64").isEmpty();
        assertThat(limiter.acquire("203.0.113.9")).isEmpty();
        assertThat(ClientRateLimiter.key("2001:db8:1:2::1%eth0")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientRateLimiter.key("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(ClientRateLimiter.key("not-an-address")).isEqualTo("not-an-address");
    }
}
