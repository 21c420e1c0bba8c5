package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.failure.FailedSend;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
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
    private final JsonMapper mapper = JsonMapper.builder().build();

    public FailuresCommand(FailedSendRepository rows) {
        this.rows = Objects.requireNonNull(rows, "rows");
    }

    /**
     * @param execution only those recorded by this dispatch execution, or null for all
     * @param json one JSON object per line instead of a table
     * @param showMessage include the message body (user data)
     */
    public ExitCode run(@Nullable Long execution, boolean json, boolean showMessage, PrintStream out) {
        List<FailedSend> failures = rows.unresolved(execution);
        if (json) {
            failures.forEach(failure -> out.println(mapper.writeValueAsString(toJson(failure, showMessage))));
            return ExitCode.COMPLETED;
        }
        if (failures.isEmpty()) {
            out.println("No unresolved failed sends" + (execution == null ? "" : " of execution " + execution));
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
            if (showMessage) {
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
        ObjectNode node = mapper.createObjectNode();
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
            node.set("message", mapper.readTree(failure.message().body()));
        }
        return node;
    }
}
