package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class EntraTokensTests {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final ScriptedCredential credential = new ScriptedCredential();
    private final EntraTokens tokens = new EntraTokens(credential, clock);

    @Test
    void asksTheCredentialOnceWhileTheTokenIsFresh() {
        // given
        credential.next(token("t1", Duration.ofSeconds(20)));

        // when
        for (int i = 0; i < 1_000; i++) {
            assertThat(tokens.token()).isEqualTo("t1");
        }
        clock.advance(Duration.ofSeconds(9));

        // then
        assertThat(tokens.token()).isEqualTo("t1");
        assertThat(credential.calls).isEqualTo(1);
    }

    @Test
    void renewsInTheLastHalfOfAShortLifeOnceNotPerCall() {
        // given
        credential.next(token("t1", Duration.ofSeconds(20)));
        tokens.token();
        clock.advance(Duration.ofSeconds(11));
        credential.next(token("t2", Duration.ofSeconds(20)));

        // when
        String renewed = tokens.token();
        for (int i = 0; i < 100; i++) {
            tokens.token();
        }

        // then
        assertThat(renewed).isEqualTo("t2");
        assertThat(credential.calls).isEqualTo(2);
    }

    @Test
    void renewsALongLivedTokenFiveMinutesBeforeItExpires() {
        // given
        credential.next(token("t1", Duration.ofHours(24)));
        tokens.token();
        clock.advance(Duration.ofHours(24).minusMinutes(5).minusSeconds(1));
        assertThat(tokens.token()).isEqualTo("t1");
        credential.next(token("t2", Duration.ofHours(24)));

        // when
        clock.advance(Duration.ofSeconds(2));

        // then
        assertThat(tokens.token()).isEqualTo("t2");
    }

    @Test
    void aFailedRenewalKeepsTheValidTokenAndIsTriedAgainLater() {
        // given
        credential.next(token("t1", Duration.ofSeconds(40)));
        tokens.token();
        clock.advance(Duration.ofSeconds(21));
        credential.fail("endpoint down");

        // when
        String during = tokens.token();
        String again = tokens.token();
        credential.next(token("t2", Duration.ofSeconds(40)));
        clock.advance(Duration.ofSeconds(5));
        String after = tokens.token();

        // then
        assertThat(during).isEqualTo("t1");
        assertThat(again).isEqualTo("t1");
        assertThat(after).isEqualTo("t2");
        assertThat(credential.calls).isEqualTo(3);
    }

    @Test
    void withNoValidTokenTheFailureReachesTheCaller() {
        // given
        credential.fail("connection refused");

        // when / then
        assertThatThrownBy(tokens::token)
                .isInstanceOf(EntraTokenException.class)
                .hasMessageContaining("refused");
    }

    @Test
    void anExpiredTokenIsNeverHandedOut() {
        // given
        credential.next(token("t1", Duration.ofSeconds(20)));
        tokens.token();
        clock.advance(Duration.ofSeconds(19));
        credential.fail("down");
        credential.fail("down");

        // when / then
        assertThatThrownBy(tokens::token).isInstanceOf(EntraTokenException.class);
    }

    @Test
    void aRejectedTokenIsRenewedOnceThenNotAgainForAWhile() {
        // given
        credential.next(token("t1", Duration.ofHours(1)));
        tokens.token();
        credential.next(token("t2", Duration.ofHours(1)));
        credential.next(token("t3", Duration.ofHours(1)));

        // when
        String first = tokens.renewAfterRejection("t1");
        String stale = tokens.renewAfterRejection("t1");
        String second = tokens.renewAfterRejection("t2");

        // then
        assertThat(first).isEqualTo("t2");
        assertThat(stale).isEqualTo("t2");
        assertThat(second).isNull();
        assertThat(credential.calls).isEqualTo(2);
    }

    @Test
    void theSameTokenAgainIsNotWorthARetry() {
        // given
        credential.next(token("t1", Duration.ofHours(1)));
        tokens.token();
        credential.next(token("t1", Duration.ofHours(1)));

        // when / then
        assertThat(tokens.renewAfterRejection("t1")).isNull();
    }

    private EntraToken token(String value, Duration life) {
        return new EntraToken(value, clock.instant().plus(life));
    }

    /** Hands out scripted tokens or failures, counting calls; a call with nothing scripted fails the test. */
    private static final class ScriptedCredential implements EntraCredential {

        private final Deque<Object> script = new ArrayDeque<>();
        private int calls;

        void next(EntraToken token) {
            script.add(token);
        }

        void fail(String reason) {
            script.add(new EntraTokenException(reason));
        }

        @Override
        public EntraToken fetch() {
            calls++;
            Object next = script.poll();
            if (next instanceof EntraTokenException e) {
                throw e;
            }
            if (next == null) {
                throw new AssertionError("the credential was asked more often than scripted");
            }
            return (EntraToken) next;
        }

        @Override
        public String describe() {
            return "a scripted credential";
        }
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
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
