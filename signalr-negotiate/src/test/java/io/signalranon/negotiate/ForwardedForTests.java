package io.signalranon.negotiate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedForTests {

    @Test
    void theLastEntryWithoutItsPortIsTheClientTheProxySaw() {
        assertThat(ForwardedFor.nearestClient(List.of("203.0.113.7"))).contains("203.0.113.7");
        assertThat(ForwardedFor.nearestClient(List.of("203.0.113.7:51324"))).contains("203.0.113.7");
        assertThat(ForwardedFor.nearestClient(List.of("198.51.100.9, 203.0.113.7:51324")))
                .contains("203.0.113.7");
        assertThat(ForwardedFor.nearestClient(List.of("1.1.1.1", "2001:db8::1")))
                .contains("2001:db8::1");
        assertThat(ForwardedFor.nearestClient(List.of("[2001:db8::1]:443"))).contains("2001:db8::1");
    }

    @Test
    void absentOrBlankGivesNothing() {
        assertThat(ForwardedFor.nearestClient(List.of())).isEmpty();
        assertThat(ForwardedFor.nearestClient(List.of("1.1.1.1, "))).isEmpty();
        assertThat(ForwardedFor.nearestClient(List.of("[]"))).isEmpty();
    }
}
