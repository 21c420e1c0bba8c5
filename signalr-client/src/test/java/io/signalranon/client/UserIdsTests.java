package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.UserIds.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdsTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "web-14575006",
                "78234523457823457823457823457823457823",
                "3f2b9a1e-6c1d-4a0e-9c5f-2b7d8e9f0a1b",
                "ECID:123",
                "v-Ab_cD.e~f+g=@x"
            })
    void acceptsAsciiLettersDigitsAndTheSafePunctuation(String id) {
        // when / then
        assertThat(UserIds.problem(id)).isEmpty();
        assertThat(UserIds.isValid(id)).isTrue();
        assertThat(UserIds.problem("x".repeat(128))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "web 14575006",
                "web/14575006",
                "web%2014575006",
                "web-1457\u200b5006",
                "web-\u202e6005754",
                "web-14575006\u200d",
                "line\nbreak",
                "nul\u0000",
                "del\u007f",
                "caf\u00e9",
                "\uff57eb-1",
                "emoji-\ud83d\ude00",
                "quote\"",
                "angle<b>",
                "comma,id",
                "semi;id"
            })
    void refusesEveryOtherCharacter(String id) {
        // when / then
        assertThat(UserIds.problem(id)).contains(Problem.FORBIDDEN_CHARACTER);
        assertThat(UserIds.reason(id))
                .get()
                .asString()
                .startsWith("contains U+")
                .contains("only ASCII");
    }

    @Test
    void namesEmptyAndTooLong() {
        // when / then
        assertThat(UserIds.problem(null)).contains(Problem.EMPTY);
        assertThat(UserIds.problem("")).contains(Problem.EMPTY);
        assertThat(UserIds.problem("x".repeat(129))).contains(Problem.TOO_LONG);
        assertThat(UserIds.reason("x".repeat(129))).contains("is 129 characters long, more than 128");
    }

    @Test
    void namesAZeroWidthCharacterByItsCodePoint() {
        // when / then
        assertThat(UserIds.reason("web-1457\u200b5006")).get().asString().startsWith("contains U+200B,");
        assertThat(UserIds.reason("emoji-\ud83d\ude00")).get().asString().startsWith("contains U+1F600,");
    }
}
