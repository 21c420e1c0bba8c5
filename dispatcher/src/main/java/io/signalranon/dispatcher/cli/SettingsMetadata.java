package io.signalranon.dispatcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code dispatcher.*} settings with their defaults, as the build's configuration processor wrote them
 * from the {@code @ConfigurationProperties} records ({@value #RESOURCE}): the one source of the settings'
 * names and defaults for the help text.
 */
final class SettingsMetadata {

    static final String RESOURCE = "META-INF/spring-configuration-metadata.json";
    private static final String PREFIX = "dispatcher.";

    /**
     * One setting.
     *
     * @param name         its property name
     * @param defaultValue its default as the metadata has it, or null when it has none
     */
    record Setting(String name, @Nullable String defaultValue) {

        Setting {
            Objects.requireNonNull(name, "name");
        }

        /** The default for people: the value, or "unset". */
        String shownDefault() {
            return defaultValue == null || defaultValue.isEmpty() ? "unset" : defaultValue;
        }
    }

    private SettingsMetadata() {}

    /** Every {@code dispatcher.*} setting, by name. */
    static List<Setting> dispatcherSettings() {
        try (InputStream in = SettingsMetadata.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: the build generates it");
            }
            JsonNode properties = JsonMapper.builder().build().readTree(in).path("properties");
            List<Setting> settings = new ArrayList<>();
            for (JsonNode property : properties) {
                String name = property.path("name").asString();
                if (name.startsWith(PREFIX)) {
                    JsonNode value = property.get("defaultValue");
                    settings.add(new Setting(name, value == null || value.isNull() ? null : value.asString()));
                }
            }
            settings.sort(Comparator.comparing(Setting::name));
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
