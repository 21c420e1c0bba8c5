package io.signalranon.dispatcher.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.dispatcher.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The forgotten ids' keyed hashes and their key. */
class ForgottenIdsTests {

    private static final String KEY_A = base64("key-a-0123456789-0123456789-0123456789");
    private static final String KEY_B = base64("key-b-0123456789-0123456789-0123456789");

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.create());
    private final ForgottenIdRepository repository = new ForgottenIdRepository(jdbc);

    @TempDir
    Path dir;

    @Test
    void theTableHoldsKeyedHashesNeverTheIdsAndTheSetFindsThem() {
        // given
        ForgottenIds ids = forgottenIds(KEY_A);
        // when
        int added = ids.add(List.of("visitor-1", "cdp-1", "visitor-1"));
        ForgottenIds.ForgottenSet forgotten = ids.snapshot();
        // then
        assertThat(added).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT ID_HASH FROM FORGOTTEN_ID", String.class))
                .hasSize(2)
                .allMatch(hash -> hash.matches("[0-9a-f]{64}"))
                .doesNotContain(ForgetKey.of(new byte[32]).hash("visitor-1"));
        assertThat(forgotten.contains("visitor-1")).isTrue();
        assertThat(forgotten.contains("cdp-1")).isTrue();
        assertThat(forgotten.contains("visitor-2")).isFalse();
    }

    @Test
    void anotherKeyIsRefusedInsteadOfLettingForgottenIdsBackIn() {
        // given
        forgottenIds(KEY_A).add(List.of("visitor-1"));
        ForgottenIds underAnotherKey = forgottenIds(KEY_B);
        // when / then
        assertThatThrownBy(underAnotherKey::snapshot)
                .isInstanceOf(ForgetKeyException.class)
                .hasMessageContaining("not the one the forgotten ids were hashed with")
                .hasMessageNotContaining(KEY_A)
                .hasMessageNotContaining(KEY_B);
    }

    @Test
    void noKeyIsNeededWhileNothingIsForgotten() {
        // given
        ForgottenIds ids = new ForgottenIds(
                repository,
                () -> {
                    throw new ForgetKeyException("no key");
                },
                Clock.systemUTC());
        // when / then
        assertThat(ids.snapshot().size()).isZero();
        assertThat(ids.snapshot().contains("visitor-1")).isFalse();
    }

    @Test
    void undoLetsAnIdBackIn() {
        // given
        ForgottenIds ids = forgottenIds(KEY_A);
        ids.add(List.of("visitor-1", "visitor-2"));
        // when
        int removed = ids.remove(List.of("visitor-1", "visitor-3"));
        // then
        assertThat(removed).isEqualTo(1);
        assertThat(ids.snapshot().contains("visitor-1")).isFalse();
        assertThat(ids.snapshot().contains("visitor-2")).isTrue();
    }

    @Test
    void aKeyFileBesideTheDatabaseIsMadeOnceOwnerOnlyAndReadAgain() throws Exception {
        // given
        Path keyFile = PrivacyProperties.keyFile("jdbc:h2:file:" + dir.resolve("data/dispatcher") + ";WRITE_DELAY=0");
        // when
        ForgetKey made = ForgetKey.resolve(null, keyFile);
        ForgetKey read = ForgetKey.resolve("", keyFile);
        // then
        assertThat(keyFile).isEqualTo(dir.resolve("data/dispatcher.forget-key"));
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(read.hash("visitor-1")).isEqualTo(made.hash("visitor-1"));
        assertThat(made.toString()).doesNotContain(Files.readString(keyFile).trim());
        try (java.util.stream.Stream<Path> files = Files.list(keyFile.getParent())) {
            assertThat(files)
                    .as("the key was written beside it, then moved in place")
                    .containsExactly(keyFile);
        }
    }

    @Test
    void aShortOrMissingKeyIsRefusedWithTheRule() {
        assertThatThrownBy(() -> ForgetKey.resolve(base64("short"), null))
                .isInstanceOf(ForgetKeyException.class)
                .hasMessage("the forget key must have at least 32 bytes, it has 5");
        assertThatThrownBy(() -> ForgetKey.resolve("not base64!", null))
                .hasMessage("dispatcher.privacy.forget-key is not base64");
        assertThatThrownBy(() -> ForgetKey.resolve(null, PrivacyProperties.keyFile("jdbc:postgresql://db/x")))
                .hasMessageStartingWith("no forget key: set dispatcher.privacy.forget-key");
        assertThat(PrivacyProperties.keyFile("jdbc:h2:mem:x")).isNull();
    }

    private ForgottenIds forgottenIds(String key) {
        return new ForgottenIds(repository, () -> ForgetKey.resolve(key, null), Clock.systemUTC());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
