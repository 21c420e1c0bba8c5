package io.signalranon.dispatcher.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --report=PATH}, a mixin of the commands that write run reports: it stands for the setting
 * {@code dispatcher.report.file}, which {@link DispatcherCommandLine} passes on.
 */
final class ReportOption {

    @Option(
            names = "--report",
            paramLabel = "PATH",
            converter = Converters.NonEmpty.class,
            description = "write the run report of each execution to PATH (a directory: <execution id>.json in it;"
                    + " default: dispatcher.report.directory, data/reports)")
    @Nullable String report;

    List<String> settings() {
        return report == null ? List.of() : List.of("--dispatcher.report.file=" + report);
    }
}
