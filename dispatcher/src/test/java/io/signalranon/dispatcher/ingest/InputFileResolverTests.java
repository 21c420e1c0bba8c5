package io.signalranon.dispatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileResolverTests {

    @TempDir
    Path dir;

    @Test
    void resolvesAFileADirectoryAndAGlobInNameOrder() throws IOException {
        // given
        Path b = Files.writeString(dir.resolve("b.csv"), "");
        Path a = Files.writeString(dir.resolve("a.csv.gz"), "");
        Files.writeString(dir.resolve(".hidden.csv"), "");
        Files.createDirectories(dir.resolve("sub"));
        Path c = Files.writeString(dir.resolve("sub/c.csv"), "");
        // when / then
        assertThat(InputFileResolver.resolve(b.toString())).containsExactly(b);
        assertThat(InputFileResolver.resolve(dir.toString())).containsExactly(a, b);
        assertThat(InputFileResolver.resolve(dir + "/*.csv")).containsExactly(b);
        assertThat(InputFileResolver.resolve(dir + "/*.csv*")).containsExactly(a, b);
        assertThat(InputFileResolver.resolve(dir + "/**/*.csv")).containsExactly(c);
    }

    @Test
    void anEmptyDirectoryOrAGlobMatchingNothingInAnExistingDirectoryIsNoFileYet() throws IOException {
        // given
        Path empty = Files.createDirectories(dir.resolve("exports"));
        Files.writeString(empty.resolve(".partial.csv"), "");
        // when / then
        assertThat(InputFileResolver.resolve(empty.toString())).isEmpty();
        assertThat(InputFileResolver.resolve(empty + "/*.json")).isEmpty();
        assertThat(InputFileResolver.resolve(empty + "/**/*.csv")).isEmpty();
    }

    @Test
    void aMissingFileOrDirectoryIsAnError() {
        // when / then
        assertThatThrownBy(
                        () -> InputFileResolver.resolve(dir.resolve("none.csv").toString()))
                .isInstanceOf(InputFileException.class)
                .hasMessageEndingWith("no such file or directory");
        assertThatThrownBy(() -> InputFileResolver.resolve(dir + "/missing/*.json"))
                .isInstanceOf(InputFileException.class)
                .hasMessageEndingWith("no such directory " + dir.resolve("missing"));
    }
}
