package io.signalranon.dispatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.delivery.AttemptOutcome;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.job.BatchNames;
import io.signalranon.dispatcher.report.ExecutionOutcome;
import io.signalranon.dispatcher.report.RunReports;
import io.signalranon.dispatcher.report.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run's summary and its report are two renderings of one {@link RunResult}: every count the text
 * shows is the one the JSON holds.
 */
class RunSummaryTests {

    private static final Instant START = Instant.parse("2026-12-01T00:15:00Z");

    @Test
    void theSummaryAndTheReportOfARunShowTheSameCounts() {
        // given
        RunResult result = resumedRun();

        // when
        String text = summary(result);
        ObjectNode report = RunReports.report(result, 3);

        // then
        assertThat(text)
                .startsWith("Run completed: job instance 7, execution 9 (resumes job instance 7 after execution 8),"
                        + " 12.5 s, as-of 2026-12-01T00:00:00Z\n")
                .contains("  csv:/exports/*.csv\n    files 2 (1 already ingested), rows read 1200, rows skipped 3"
                        + " (bad timestamp 1, missing id 2), memberships changed 1150\n")
                .contains("  ingest step (executions 8, 9): rows read 1260, rows skipped 3, 4.0 s (315 rows/s);"
                        + " Spring Batch's counts: items read 1263 (1260 rows and 3 file ends or listed profiles"
                        + " without segments), written 1263, skipped 3, commits 2\n")
                .contains("  users targeted: 900\n")
                .contains("  messages sent 850, failed 2 (no response: 1, status 400: 1), send attempts 870\n")
                .contains("  withheld: holdout 40, suppressed 5, no consent 3\n")
                .contains("  dispatch step: users 900, 8.0 s (107 messages/s)\n");
        assertThat(report.get("executionId").asLong()).isEqualTo(9);
        assertThat(report.get("jobInstanceId").asLong()).isEqualTo(7);
        assertThat(report.get("durationSeconds").asDouble()).isEqualTo(12.5);
        JsonNode csv = step(report, BatchNames.INGEST_STEP).get("inputs").get(0);
        assertThat(csv.get("input").asString()).isEqualTo("csv:/exports/*.csv");
        assertThat(number(text, "files (\\d+) \\(")).isEqualTo(csv.get("files").asLong());
        assertThat(number(text, "\\((\\d+) already ingested"))
                .isEqualTo(csv.get("filesAlreadyIngested").asLong());
        assertThat(number(text, "    files .*rows read (\\d+)"))
                .isEqualTo(csv.get("rowsRead").asLong());
        assertThat(number(text, "    files .*rows skipped (\\d+)"))
                .isEqualTo(csv.get("rowsSkipped").asLong());
        assertThat(number(text, "missing id (\\d+)"))
                .isEqualTo(csv.get("rowsSkippedByReason").get("missing id").asLong());
        assertThat(number(text, "memberships changed (\\d+)"))
                .isEqualTo(csv.get("membershipsChanged").asLong());
        assertThat(number(text, "users targeted: (\\d+)"))
                .isEqualTo(step(report, BatchNames.TARGETS_STEP)
                        .get("usersTargeted")
                        .asLong());
        JsonNode dispatch = step(report, BatchNames.DISPATCH_STEP);
        assertThat(number(text, "messages sent (\\d+)"))
                .isEqualTo(dispatch.get("messagesDelivered").asLong())
                .isEqualTo(report.get("messages").get("delivered").asLong());
        assertThat(number(text, "messages sent \\d+, failed (\\d+)"))
                .isEqualTo(dispatch.get("messagesFailed").asLong())
                .isEqualTo(report.get("messages").get("failed").asLong());
        assertThat(number(text, "send attempts (\\d+)"))
                .isEqualTo(dispatch.get("attempts").get("total").asLong());
        assertThat(number(text, "throttled attempts (\\d+)"))
                .isEqualTo(dispatch.get("attempts").get("throttled").asLong());
        assertThat(number(text, "holdout (\\d+)"))
                .isEqualTo(dispatch.get("usersWithheld").get("holdout").asLong());
        assertThat(number(text, "suppressed (\\d+)"))
                .isEqualTo(dispatch.get("usersWithheld").get("suppressed").asLong());
        assertThat(number(text, "no consent (\\d+)"))
                .isEqualTo(dispatch.get("usersWithheld").get("noConsent").asLong());
        assertThat(dispatch.get("messagesPerSecond").asDouble()).isEqualTo(106.5);
        assertThat(report.get("topFailureReasons").get(0).get("count").asLong())
                .isEqualTo(number(text, "status 400: (\\d+)"));
    }

    @Test
    void theSummaryAndTheReportOfAReprocessShowTheSameCounts() {
        // given
        RunResult result = reprocess();

        // when
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RunSummary.printReprocess(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        JsonNode step = step(RunReports.report(result, 3), BatchNames.REPROCESS_STEP);

        // then
        assertThat(text)
                .isEqualTo("Reprocess completed: job instance 3, execution 12, 1.2 s\n"
                        + "  delivered 3, dropped as expired 1, withheld 2 (users who may not be sent to any more),"
                        + " failed again 1, send attempts 7; still unresolved 1\n");
        assertThat(number(text, "delivered (\\d+)"))
                .isEqualTo(step.get("messagesDelivered").asLong());
        assertThat(number(text, "expired (\\d+)"))
                .isEqualTo(step.get("messagesExpired").asLong());
        assertThat(number(text, "withheld (\\d+)"))
                .isEqualTo(step.get("messagesWithheld").asLong());
        assertThat(number(text, "failed again (\\d+)"))
                .isEqualTo(step.get("messagesFailed").asLong());
        assertThat(number(text, "send attempts (\\d+)"))
                .isEqualTo(step.get("attempts").get("total").asLong());
    }

    /** A run resumed by execution 9 after execution 8 failed in its ingest step; some sends failed. */
    private static RunResult resumedRun() {
        Map<String, Long> reasons = new LinkedHashMap<>();
        reasons.put("bad timestamp", 1L);
        reasons.put("missing id", 2L);
        Map<Integer, Long> failedByStatus = new LinkedHashMap<>();
        failedByStatus.put(0, 1L);
        failedByStatus.put(400, 1L);
        return new RunResult(
                new RunResult.Execution(
                        9,
                        7,
                        BatchNames.DISPATCH_JOB,
                        Map.of(BatchNames.INPUTS, "csv:/exports/*.csv\nsegment:/exports/segment/*.ndjson"),
                        BatchStatus.COMPLETED,
                        "COMPLETED",
                        times(0, 12.5),
                        List.of(8L),
                        "2026-12-01T00:00:00Z",
                        false,
                        null),
                new ExecutionOutcome.Messages(850, 2),
                List.of(
                        step(BatchNames.INGEST_STEP, times(0, 3), 700, 1, null),
                        step(BatchNames.TARGETS_STEP, times(3, 4.5), 0, 1, new RunResult.Targets(900)),
                        step(
                                BatchNames.DISPATCH_STEP,
                                times(4.5, 12.5),
                                900,
                                1,
                                new RunResult.Dispatch(
                                        850,
                                        2,
                                        0,
                                        40,
                                        5,
                                        3,
                                        new RunResult.Attempts(Map.of(
                                                AttemptOutcome.DELIVERED, 850L,
                                                AttemptOutcome.THROTTLED, 12L,
                                                AttemptOutcome.RETRYABLE, 7L,
                                                AttemptOutcome.PERMANENT, 1L))))),
                List.of(
                        new RunResult.Input("csv:/exports/*.csv", 2, 1, 1200, reasons, 1150, 2),
                        new RunResult.Input("segment:/exports/segment/*.ndjson", 1, 0, 60, Map.of(), 60, 1)),
                new RunResult.IngestTotals(
                        List.of(8L, 9L),
                        Duration.ofSeconds(4),
                        new RunResult.StepCounts(1263, 1263, 0, 3, 0, 0, 3, 2, 0),
                        0),
                1150L,
                null,
                null,
                failedByStatus,
                null,
                List.of(),
                List.of(
                        new FailedSendRepository.ReasonCount(400, "Error.Message", "bad request", 1),
                        new FailedSendRepository.ReasonCount(0, null, "no response", 1)));
    }

    private static RunResult reprocess() {
        return new RunResult(
                new RunResult.Execution(
                        12,
                        3,
                        BatchNames.REPROCESS_JOB,
                        Map.of(BatchNames.REPROCESS_SCOPE, "all"),
                        BatchStatus.COMPLETED,
                        "COMPLETED",
                        times(0, 1.2),
                        List.of(),
                        null,
                        false,
                        null),
                new ExecutionOutcome.Messages(3, 1),
                List.of(step(
                        BatchNames.REPROCESS_STEP,
                        times(0, 1.2),
                        7,
                        1,
                        new RunResult.Reprocess(
                                3,
                                1,
                                1,
                                2,
                                new RunResult.Attempts(
                                        Map.of(AttemptOutcome.DELIVERED, 3L, AttemptOutcome.RETRYABLE, 4L))))),
                List.of(),
                null,
                null,
                null,
                null,
                Map.of(),
                1L,
                List.of(),
                List.of(new FailedSendRepository.ReasonCount(503, null, "Service Unavailable", 1)));
    }

    private static RunResult.Step step(
            String name, RunResult.Times times, long items, long commits, RunResult.StepFigures figures) {
        return new RunResult.Step(
                name,
                BatchStatus.COMPLETED,
                times,
                new RunResult.StepCounts(items, items, 0, 0, 0, 0, 0, commits, 0),
                figures);
    }

    private static RunResult.Times times(double from, double to) {
        return new RunResult.Times(START.plusMillis(Math.round(from * 1000)), START.plusMillis(Math.round(to * 1000)));
    }

    private static String summary(RunResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RunSummary.printRun(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode step(JsonNode report, String name) {
        for (JsonNode step : report.get("steps")) {
            if (step.get("name").asString().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + report);
    }

    /** The first number the pattern's group matches in the text. */
    private static long number(String text, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(text);
        assertThat(matcher.find()).as("%s in%n%s", pattern, text).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
