package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class DefaultJobRepositoryTests {

    @TempDir
    Path dir;

    @Test
    void commandsThatReadPastRunsNeedTheDefaultDatabaseToExist() throws IOException {
        // given
        List<Subcommand> readers = List.of(
                CommandLines.parse(dir, "failures"),
                CommandLines.parse(dir, "history", "--last=10"),
                CommandLines.parse(dir, "restart"),
                CommandLines.parse(dir, "reprocess"),
                CommandLines.parse(Path.of(".."), "purge"));
        ConfigurableEnvironment noSettings = environment(Map.of());
        // when / then
        for (Subcommand command : readers) {
            assertThat(DefaultJobRepository.missingFor(command, noSettings, dir))
                    .as(command.toString())
                    .isTrue();
        }
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/dispatcher.mv.db"), "");
        for (Subcommand command : readers) {
            assertThat(DefaultJobRepository.missingFor(command, noSettings, dir))
                    .as(command.toString())
                    .isFalse();
        }
    }

    @Test
    void anotherDatabaseOrARunIsNotChecked() {
        // given
        Subcommand failures = CommandLines.parse(dir, "failures");
        Subcommand run = CommandLines.parse(Path.of(".."), "run");
        // when / then
        assertThat(DefaultJobRepository.missingFor(
                        failures, DispatcherCli.environment("--spring.datasource.url=jdbc:postgresql://db/x"), dir))
                .isFalse();
        assertThat(DefaultJobRepository.missingFor(
                        failures, environment(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/x")), dir))
                .isFalse();
        assertThat(DefaultJobRepository.missingFor(run, environment(Map.of()), dir))
                .isFalse();
    }

    /** The environment of a process with these environment variables and no settings or system properties. */
    private static ConfigurableEnvironment environment(Map<String, Object> variables) {
        ConfigurableEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
