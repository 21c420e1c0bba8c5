package io.signalranon.dispatcher.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OfferIdsTests {

    static Stream<List<String>> lists() {
        return Stream.of(
                List.of(),
                List.of("cart-10"),
                List.of("cart-10", "welcome"),
                List.of("a,b", "c"),
                List.of("back\\slash", "end\\"),
                List.of(",", "\\", "\\,"),
                List.of("ünïcødé", "emoji-🎁"));
    }

    @ParameterizedTest
    @MethodSource("lists")
    void everyListComesBackExactly(List<String> ids) {
        assertThat(OfferIds.split(OfferIds.join(ids))).isEqualTo(ids);
    }

    @Test
    void plainIdsStayReadable() {
        assertThat(OfferIds.join(List.of("cart-10", "welcome"))).isEqualTo("cart-10,welcome");
        assertThat(OfferIds.join(List.of("a,b"))).isEqualTo("a\\,b");
    }

    @Test
    void anEmptyIdIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> OfferIds.join(List.of("a", "")));
    }
}
