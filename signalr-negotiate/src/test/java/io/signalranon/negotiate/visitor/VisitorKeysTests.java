package io.signalranon.negotiate.visitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisitorKeysTests {

    private static final String KEY_A = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String KEY_B = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM";
    private static final String SHORT = "c2hvcnQtYnV0LXNlY3JldA==";

    @Test
    void theFirstKeySignsAndEveryKeyVerifies() {
        // when
        VisitorKeys keys = VisitorKeys.parse("k2:" + KEY_A + ", k1:" + KEY_B);

        // then
        assertThat(keys.signingKey().kid()).isEqualTo("k2");
        assertThat(keys.find("k1")).isPresent();
        assertThat(keys.find("k9")).isEmpty();
        assertThat(keys.toString()).isEqualTo("VisitorKeys[k2, k1]");
        assertThat(keys.signingKey().toString()).doesNotContain(KEY_A).contains("***");
    }

    @Test
    void aShortKeyStopsWithAMessageThatNeverShowsIt() {
        // when / then
        assertThatThrownBy(() -> VisitorKeys.parse("k1:" + SHORT))
                .isInstanceOf(InvalidVisitorKeysException.class)
                .hasMessageContaining("key k1 is 16 bytes long")
                .hasMessageContaining("at least 32")
                .hasMessageNotContaining(SHORT);
    }

    @Test
    void malformedListsStopWithAMessageThatNeverShowsAKey() {
        // when / then
        for (String text :
                new String[] {"", KEY_A, "k1:" + KEY_A + "," + KEY_B, "bad kid!:" + KEY_A, "k1:%%%%" + KEY_A}) {
            assertThatThrownBy(() -> VisitorKeys.parse(text))
                    .as(text)
                    .isInstanceOf(InvalidVisitorKeysException.class)
                    .hasMessageNotContaining(KEY_A)
                    .hasMessageNotContaining(KEY_B);
        }
        assertThatThrownBy(() -> VisitorKeys.parse("k1:" + KEY_A + ",k1:" + KEY_B))
                .hasMessageContaining("key id k1 is given twice");
    }

    @Test
    void readsTheEnvironmentVariableOrTheFileItNames(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("keys"), "k2:" + KEY_A + "\nk1:" + KEY_B + "\n");

        // when / then
        assertThat(VisitorKeys.fromEnvironment(Map.of("SIGNALR_ANON_VISITOR_KEYS", "k2:" + KEY_A)::get))
                .get()
                .extracting(k -> k.signingKey().kid())
                .isEqualTo("k2");
        assertThat(VisitorKeys.fromEnvironment(Map.of("SIGNALR_ANON_VISITOR_KEYS_FILE", file.toString())::get))
                .get()
                .hasToString("VisitorKeys[k2, k1]");
        assertThat(VisitorKeys.fromEnvironment(Map.<String, String>of()::get)).isEmpty();
    }

    @Test
    void environmentErrorsNameTheVariableAndNeverAKey(@TempDir Path dir) {
        // when / then
        assertThatThrownBy(() -> VisitorKeys.fromEnvironment(Map.of("SIGNALR_ANON_VISITOR_KEYS", "k1:" + SHORT)::get))
                .hasMessageStartingWith("SIGNALR_ANON_VISITOR_KEYS: key k1 is 16 bytes long")
                .hasMessageNotContaining(SHORT);
        assertThatThrownBy(() -> VisitorKeys.fromEnvironment(Map.of(
                        "SIGNALR_ANON_VISITOR_KEYS", "k1:" + KEY_A, "SIGNALR_ANON_VISITOR_KEYS_FILE", "/keys")::get))
                .hasMessageContaining("set only one");
        assertThatThrownBy(() -> VisitorKeys.fromEnvironment(Map.of(
                        "SIGNALR_ANON_VISITOR_KEYS_FILE", dir.resolve("missing").toString())::get))
                .isInstanceOf(InvalidVisitorKeysException.class)
                .hasMessageContaining("cannot read the visitor keys file");
    }

    @Test
    void developmentKeysAreRandom() {
        // when / then
        assertThat(VisitorKeys.development().signingKey().secret())
                .hasSize(32)
                .isNotEqualTo(VisitorKeys.development().signingKey().secret());
    }
}
