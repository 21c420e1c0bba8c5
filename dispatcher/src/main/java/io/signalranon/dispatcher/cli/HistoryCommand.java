package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.report.RunHistory;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code history [--last=N] [--json]}: recent executions of every job, newest first. */
public class HistoryCommand {

    private static final String ROW = "%-10s %-10s %-21s %9s %-10s %5s %10s %8s%n";

    private final RunHistory history;
    private final JsonMapper mapper = JsonMapper.builder().build();

    public HistoryCommand(RunHistory history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    /**
     * @param last how many executions
     * @param json one JSON object per line instead of a table
     */
    public ExitCode run(int last, boolean json, PrintStream out) {
        List<RunHistory.Entry> entries = history.recent(last);
        if (json) {
            entries.forEach(entry -> out.println(mapper.writeValueAsString(toJson(entry))));
            return ExitCode.COMPLETED;
        }
        if (entries.isEmpty()) {
            out.println("No executions yet");
            return ExitCode.COMPLETED;
        }
        out.printf(Locale.ROOT, ROW, "EXECUTION", "JOB", "START", "DURATION", "STATUS", "EXIT", "DELIVERED", "FAILED");
        for (RunHistory.Entry entry : entries) {
            out.printf(
                    Locale.ROOT,
                    ROW,
                    entry.executionId(),
                    entry.job(),
                    entry.start() == null ? "-" : entry.start().truncatedTo(ChronoUnit.SECONDS),
                    entry.duration() == null
                            ? "-"
                            : String.format(
                                    Locale.ROOT, "%.1f s", entry.duration().toMillis() / 1000.0),
                    entry.status().toLowerCase(Locale.ROOT),
                    entry.exitCode() == null ? "-" : entry.exitCode(),
                    entry.delivered(),
                    entry.failed());
            if (entry.partitions() > 0) {
                out.printf(
                        Locale.ROOT,
                        "%10s %d partitions on %d workers: %s%n",
                        "",
                        entry.partitions(),
                        entry.workers().size(),
                        String.join(", ", entry.workers()));
            }
        }
        return ExitCode.COMPLETED;
    }

    private ObjectNode toJson(RunHistory.Entry entry) {
        ObjectNode node = mapper.createObjectNode();
        node.put("executionId", entry.executionId());
        node.put("job", entry.job());
        node.put("startTime", entry.start() == null ? null : entry.start().toString());
        if (entry.duration() == null) {
            node.putNull("durationSeconds");
        } else {
            node.put("durationSeconds", entry.duration().toMillis() / 1000.0);
        }
        node.put("status", entry.status());
        node.put("exitCode", entry.exitCode());
        node.put("messagesDelivered", entry.delivered());
        node.put("messagesFailed", entry.failed());
        if (entry.partitions() > 0) {
            node.put("partitions", entry.partitions());
            entry.workers().forEach(node.putArray("workers")::add);
        }
        return node;
    }
}
