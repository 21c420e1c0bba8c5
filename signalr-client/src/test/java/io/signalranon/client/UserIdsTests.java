package io.signalranon.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.UserIds.Problem;
import org.junit.jupiter.api.Test;

class UserIdsTests {

    @Test
    void acceptsIdsOfOneTo512CharactersWithoutControlCharacters() {
        // when / then
        assertThat(UserIds.problem("a")).isEmpty();
        assertThat(UserIds.problem("ECID:123/456 é 😀")).isEmpty();
        assertThat(UserIds.problem("😀".repeat(512))).isEmpty();
    }

    @Test
    void namesWhatIsWrong() {
        // when / then
        assertThat(UserIds.problem(null)).contains(Problem.EMPTY);
        assertThat(UserIds.problem("")).contains(Problem.EMPTY);
        assertThat(UserIds.problem("x".repeat(513))).contains(Problem.TOO_LONG);
        assertThat(UserIds.problem("line\nbreak")).contains(Problem.CONTROL_CHARACTER);
        assertThat(UserIds.problem("nul\u0000")).contains(Problem.CONTROL_CHARACTER);
        assertThat(UserIds.problem("del\u007f")).contains(Problem.CONTROL_CHARACTER);
    }
}
