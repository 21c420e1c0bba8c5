package io.signalranon.dispatcher.report;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where run reports go ({@code dispatcher.report.*}; {@code --report=PATH} sets {@code file}).
 *
 * @param directory where each execution's report is written as {@code <execution id>.json}
 * @param file the report of this command instead (an existing directory: {@code <execution id>.json} in it), or none
 */
@ConfigurationProperties("dispatcher.report")
public record ReportProperties(
        @DefaultValue("data/reports") Path directory,
        @Nullable Path file) {

    /** Where the report of an execution goes. */
    public Path target(long executionId) {
        String name = executionId + ".json";
        if (file == null) {
            return directory.resolve(name);
        }
        return java.nio.file.Files.isDirectory(file) ? file.resolve(name) : file;
    }
}
