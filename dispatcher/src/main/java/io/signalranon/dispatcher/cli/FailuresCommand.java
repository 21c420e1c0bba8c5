package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.failure.FailedSend;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code failures}: lists unresolved failed sends as a table, or as one JSON object per line. The
 * message body is user data: it is printed only with {@code --show-message}.
 */
public class FailuresCommand {

    private static final String ROW = "%-8s %-10s %-36s %-7s %-24s %-8s %-20s %s%n";

    private final FailedSendRepository rows;
    private final JsonMapper json = JsonMapper.builder().build();

    public FailuresCommand(FailedSendRepository rows) {
        this.rows = Objects.requireNonNull(rows, "rows");
    }

    public ExitCode run(Command.Failures command, PrintStream out) {
        List<FailedSend> failures = rows.unresolved(command.execution());
        if (command.json()) {
            failures.forEach(failure -> out.println(json.writeValueAsString(toJson(failure, command.showMessage()))));
            return ExitCode.COMPLETED;
        }
        if (failures.isEmpty()) {
            out.println("No unresolved failed sends"
                    + (command.execution() == null ? "" : " of execution " + command.execution()));
            return ExitCode.COMPLETED;
        }
        out.printf(
                Locale.ROOT, ROW, "ID", "EXECUTION", "USER", "STATUS", "ERROR CODE", "ATTEMPTS", "FAILED AT", "REASON");
        for (FailedSend failure : failures) {
            out.printf(
                    Locale.ROOT,
                    ROW,
                    failure.id(),
                    failure.jobExecutionId(),
                    failure.message().userId(),
                    failure.status() == 0 ? "none" : failure.status(),
                    Objects.toString(failure.errorCode(), "-"),
                    failure.attempts(),
                    failure.failedAt().truncatedTo(ChronoUnit.SECONDS),
                    Objects.toString(failure.reason(), "-"));
            if (command.showMessage()) {
                out.println("         message: " + failure.message().body());
            }
        }
        out.printf(
                Locale.ROOT,
                "%d unresolved failed send%s; 'reprocess' sends them again%n",
                failures.size(),
                failures.size() == 1 ? "" : "s");
        return ExitCode.COMPLETED;
    }

    private ObjectNode toJson(FailedSend failure, boolean showMessage) {
        ObjectNode node = json.createObjectNode();
        node.put("id", failure.id());
        node.put("jobExecutionId", failure.jobExecutionId());
        node.put("userId", failure.message().userId());
        node.put("messageId", failure.message().messageId());
        node.put("status", failure.status());
        node.put("errorCode", failure.errorCode());
        node.put("reason", failure.reason());
        node.put("attempts", failure.attempts());
        node.put("failedAt", failure.failedAt().toString());
        node.put(
                "expiresAt",
                failure.message().expiresAt() == null
                        ? null
                        : failure.message().expiresAt().toString());
        ArrayNode offerIds = node.putArray("offerIds");
        failure.message().offerIds().forEach(offerIds::add);
        if (showMessage) {
            node.set("message", json.readTree(failure.message().body()));
        }
        return node;
    }
}
