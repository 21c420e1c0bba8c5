package io.signalranon.negotiate.visitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VisitorCookiesTests {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private final VisitorCookies cookies = new VisitorCookies(VisitorKeys.development());

    @Test
    void aSignedCookieVerifiesUntilItsExpiry() {
        // given
        String cookie = cookies.sign("web-14575006", NOW.plusSeconds(60));

        // when / then
        assertThat(cookies.verify(cookie, NOW))
                .isEqualTo(new Verification.Valid("web-14575006", "dev", NOW.plusSeconds(60)));
        assertThat(cookies.verify(cookie, NOW.plusSeconds(60)))
                .isEqualTo(new Verification.Refused(Verification.Reason.EXPIRED));
    }

    @Test
    void neverSignsAnIdThatBreaksTheRule() {
        // when / then
        assertThatThrownBy(() -> cookies.sign("web-1457\u200b5006", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+200B");
    }

    @Test
    void aCookieOfAnotherKeyWithTheSameKidIsABadMac() {
        // given
        String foreign = new VisitorCookies(VisitorKeys.development()).sign("web-1", NOW.plus(Duration.ofDays(1)));

        // when / then
        assertThat(cookies.verify(foreign, NOW)).isEqualTo(new Verification.Refused(Verification.Reason.BAD_MAC));
    }

    @Test
    void oversizedOrOddValuesAreMalformed() {
        // when / then
        for (String value : new String[] {
            "", ".....", "v1....", "v1.a.1.k.", "v1.YQ.1.k.x", "v1.YQ.-1.dev.AAAA", "v1.YQ.1.d v.AAAA", "x".repeat(401)
        }) {
            assertThat(cookies.verify(value, NOW))
                    .as(value)
                    .isEqualTo(new Verification.Refused(Verification.Reason.MALFORMED));
        }
    }

    @Test
    void newVisitorIdsAreRandom128BitIdsThatPassTheRule() {
        // given
        NewVisitorIds ids = new NewVisitorIds();

        // when
        String first = ids.next();
        String second = ids.next();

        // then
        assertThat(first).matches("v-[A-Za-z0-9_-]{22}").isNotEqualTo(second);
        assertThat(cookies.verify(cookies.sign(first, NOW.plusSeconds(1)), NOW)).isInstanceOf(Verification.Valid.class);
    }
}
