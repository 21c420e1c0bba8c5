package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Environment variables named like settings are checked; the test suite's own are not settings. */
class SettingsCheckTests {

    @Test
    void theTestSuitesVariablesAreNoSettings() {
        // given
        StandardEnvironment environment = environment(Map.of(
                "DISPATCHER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "DISPATCHER_TEST_RABBITMQ_HOST", "127.0.0.1",
                "DISPATCHER_DELIVERY_CHUNK_SIZE", "500"));

        // when, then
        assertThatCode(() -> SettingsCheck.check(environment)).doesNotThrowAnyException();
    }

    @Test
    void aVariableThatNamesNoSettingIsRefused() {
        // given
        StandardEnvironment environment = environment(Map.of("DISPATCHER_DELIVERY_CHUNK_SISE", "500"));

        // when, then
        assertThatThrownBy(() -> SettingsCheck.check(environment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DISPATCHER_DELIVERY_CHUNK_SISE");
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment
                .getPropertySources()
                .addLast(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
