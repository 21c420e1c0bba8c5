package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.dispatcher.ingest.InputFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain lists of ids to forget. */
class ForgetListTests {

    @TempDir
    Path dir;

    @Test
    void oneIdPerLineUserIdsUnlessTheHeaderSaysCdpIds() throws Exception {
        // given
        Path users = Files.writeString(
                dir.resolve("users.txt"), "\uFEFFuser_id\nvisitor-1\n\n# a comment\n visitor-2 \nvisitor-1\n");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "visitor-3\n");
        Path cdps = Files.writeString(dir.resolve("cdps.txt"), "CDP_ID\ncdp-1\n");
        // when / then
        assertThat(ForgetList.read(users))
                .containsExactly(new Forget.Request("visitor-1", false), new Forget.Request("visitor-2", false));
        assertThat(ForgetList.read(plain)).containsExactly(new Forget.Request("visitor-3", false));
        assertThat(ForgetList.read(cdps)).containsExactly(new Forget.Request("cdp-1", true));
    }

    @Test
    void aListWithABadIdIsRefusedWholeNamingTheLine() throws Exception {
        // given
        Path control = Files.writeString(dir.resolve("control.txt"), "visitor-1\nvisitor\u00012\n");
        Path tooLong = Files.writeString(dir.resolve("long.txt"), "x".repeat(513) + "\n");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'v', (byte) 0xE9, '\n'});
        // when / then
        assertThatThrownBy(() -> ForgetList.read(control))
                .isInstanceOf(InputFileException.class)
                .hasMessageContaining("line 2: the id contains control characters");
        assertThatThrownBy(() -> ForgetList.read(tooLong)).hasMessageContaining("line 1: the id has 513 characters");
        assertThatThrownBy(() -> ForgetList.read(latin1)).hasMessageContaining("not UTF-8");
    }
}
