package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultJobRepositoryTests {

    private static final String[] NO_SETTINGS = {};

    @TempDir
    Path dir;

    @Test
    void commandsThatReadPastRunsNeedTheDefaultDatabaseToExist() throws IOException {
        // given
        List<Command> readers = List.of(
                new Command.Failures(null, false, false),
                new Command.History(10, false),
                new Command.Restart(null),
                new Command.Reprocess(null),
                new CommandLineParser(Path.of("..")).parse("purge"));
        // when / then
        for (Command command : readers) {
            assertThat(DefaultJobRepository.missingFor(command, NO_SETTINGS, Map.of(), dir))
                    .as(command.toString())
                    .isTrue();
        }
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/dispatcher.mv.db"), "");
        for (Command command : readers) {
            assertThat(DefaultJobRepository.missingFor(command, NO_SETTINGS, Map.of(), dir))
                    .as(command.toString())
                    .isFalse();
        }
    }

    @Test
    void anotherDatabaseOrARunIsNotChecked() {
        // given
        Command failures = new Command.Failures(null, false, false);
        Command run = new CommandLineParser(Path.of("..")).parse("run");
        // when / then
        assertThat(DefaultJobRepository.missingFor(
                        failures, new String[] {"--spring.datasource.url=jdbc:postgresql://db/x"}, Map.of(), dir))
                .isFalse();
        assertThat(DefaultJobRepository.missingFor(
                        failures, NO_SETTINGS, Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/x"), dir))
                .isFalse();
        assertThat(DefaultJobRepository.missingFor(run, NO_SETTINGS, Map.of(), dir))
                .isFalse();
    }
}
