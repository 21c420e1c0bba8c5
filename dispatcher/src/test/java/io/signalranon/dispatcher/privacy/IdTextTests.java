package io.signalranon.dispatcher.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Forgotten ids kept out of free text that quotes input. */
class IdTextTests {

    private static final ForgottenIds.ForgottenSet FORGOTTEN = new ForgottenIds.ForgottenSet() {
        private final Set<String> ids = Set.of("visitor-1", "cdp:7");

        @Override
        public boolean contains(String id) {
            return ids.contains(id);
        }

        @Override
        public int size() {
            return ids.size();
        }
    };

    @Test
    void aForgottenIdIsRedactedWhereverItStandsAsAnId() {
        assertThat(IdText.redact("Unrecognized token 'visitor-1': was expecting", FORGOTTEN))
                .isEqualTo("Unrecognized token '[forgotten]': was expecting");
        assertThat(IdText.redact("not an ISO-8601 instant: visitor-1.", FORGOTTEN))
                .isEqualTo("not an ISO-8601 instant: [forgotten].");
        assertThat(IdText.redact("ns=cdp:7,visitor-1", FORGOTTEN)).isEqualTo("ns=[forgotten],[forgotten]");
        assertThat(IdText.redact("user:visitor-1@", FORGOTTEN)).isEqualTo("user:[forgotten]@");
    }

    @Test
    void anotherIdAndTextWithoutForgottenIdsAreLeftAsTheyAre() {
        String text = "visitor-10 and xvisitor-1 are other ids";
        assertThat(IdText.redact(text, FORGOTTEN)).isSameAs(text);
        assertThat(IdText.redact("visitor-1", ForgottenIds.ForgottenSet.NONE)).isEqualTo("visitor-1");
    }

    @Test
    void aCutNeverKeepsTheBeginningOfAnId() {
        assertThat(IdText.cut("bad value visitor-1", 14)).isEqualTo("bad value ");
        assertThat(IdText.cut("bad value visitor-1", 10)).isEqualTo("bad value ");
        assertThat(IdText.cut("bad value visitor-1 x", 19)).isEqualTo("bad value visitor-1");
        assertThat(IdText.cut("short", 10)).isEqualTo("short");
    }
}
