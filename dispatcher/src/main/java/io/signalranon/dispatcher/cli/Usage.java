package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.ingest.InputFormat;

/** The usage text of {@code --help}. */
final class Usage {

    static final String TEXT = """
            Usage: java -jar dispatcher.jar run [options]
                   java -jar dispatcher.jar schedule --cron=EXPRESSION [options of run]
                   java -jar dispatcher.jar restart [EXECUTION_ID]
                   java -jar dispatcher.jar failures [--execution=N] [--json] [--show-message]
                   java -jar dispatcher.jar reprocess [--execution=N]
                   java -jar dispatcher.jar history [--last=N] [--json]
                   java -jar dispatcher.jar purge [--older-than=P90D] [--dry-run] [--offers=PATH]
                   java -jar dispatcher.jar --help

            Commands:
              run        ingest CDP segment exports and user ids into the membership store, then dispatch
                         (with no --input, --users and --offers: the files in ./sample-data). The same
                         command on the same files is the same run: after a failure or a stop it resumes
                         after the last commit; once completed it is not repeated (exit 0)
              schedule   stay up and run on a cron schedule ("0 */15 * * * *": second minute hour day
                         month weekday); a trigger that comes while a run is going is skipped. Each
                         trigger is a new run when the files changed, and nothing to do when not
              restart    resume a failed or stopped execution (default: the latest) with its parameters
              failures   list the failed sends not resolved yet: user, status, error code, attempts, time;
                         --json: one JSON object per line; --show-message: include the message (user data)
              reprocess  send the unresolved failed sends again, unchanged (same messageId); those whose
                         offers have all ended are dropped as expired. Run it again after a crash to resume
              history    the latest executions of every job, newest first (default 20): id, job, start,
                         duration, status, exit code, messages delivered and failed; --json: one object a line
              purge      delete what is older than --older-than (P90D) and no cap, restart or reprocess
                         needs: deliveries beyond the longest cap window, resolved failed sends, skipped
                         rows, schedule claims, completed runs; --dry-run: print what it would delete

            run, schedule, restart and reprocess write a JSON run report of each execution to
            data/reports/<execution id>.json, or to --report=PATH (a directory: <execution id>.json in it).
            schedule serves /actuator/prometheus and /actuator/health on management.server.port when it is set
            (on management.server.address, 127.0.0.1 by default). With management.otlp.metrics.export.url set,
            every command pushes its metrics there by OTLP when it ends.

            Options of run:
              --input=FORMAT:PATH     an export; PATH is a file, a directory or a glob, .gz is read as gzip;
                                      repeat for several inputs. FORMAT: %s
              --users=PATH            users.csv (user_id,cdp_id,consent)
              --suppress=PATH         suppression list, one user id per line
              --offers=PATH           offers.json
              --as-of=ISO-INSTANT     the run's "now" (default: the start of the run)
              --all                   target every known user, not only those whose audiences changed
              --dry-run[=FILE]        decide but do not send; optionally write the report to FILE
              --force                 read again files that were ingested before; this is a new run
                                      (not a resume of a failed one with the same files)
              --help                  this text

            SignalR service: the connection string in SIGNALR_CONNECTION_STRING, else AzureSignalRConnectionString,
            else dispatcher.signalr.connection-string; with none, run sends to an emulator started in-process.

            Settings (Spring Boot properties: --name=value after the command, -Dname=value before -jar, or
            environment variables such as DISPATCHER_DELIVERY_CONCURRENCY=64):
              dispatcher.signalr.hub (offers), dispatcher.signalr.target (offers),
              dispatcher.signalr.api-version (v1, or 2022-06-01),
              dispatcher.delivery.max-attempts (5), dispatcher.delivery.initial-backoff (200ms),
              dispatcher.delivery.max-backoff (10s), dispatcher.delivery.max-retry-after (60s),
              dispatcher.delivery.connect-timeout (5s), dispatcher.delivery.response-timeout (10s),
              dispatcher.ingest.chunk-size (10000), dispatcher.ingest.skip-limit (1000),
              dispatcher.ingest.aep-namespace (ECID), dispatcher.ingest.aep-id-column (first column),
              dispatcher.ingest.segment-id-field (anonymousId), dispatcher.ingest.mparticle-identity-key (mpid),
              dispatcher.delivery.chunk-size (500), dispatcher.delivery.concurrency (32),
              dispatcher.run.lock-lease (60s), dispatcher.run.stop-timeout (60s), dispatcher.run.host (host name),
              dispatcher.report.directory (data/reports), management.server.port (unset: no metrics endpoint),
              dispatcher.schedule.purge-older-than (unset; e.g. P90D: schedule purges after each run),
              spring.datasource.url (jdbc:h2:file:./data/dispatcher;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE)

            SIGTERM or Ctrl-C stops a run after the chunk in progress commits: the execution is STOPPED and
            the same command (or restart) resumes it.

            Exit codes:
              0  completed (or nothing to do: the same run completed before, or no export files yet)
              2  invalid usage or configuration, an input file that cannot be read to its end (nothing of
                 that run counts as ingested: fix the file and run again), an unknown execution
              3  completed, but some sends failed and are recorded (see failures, reprocess)
              4  the run failed or was stopped; run the same command again (or restart) to resume it
              5  another run holds the job; nothing was done
            """.formatted(InputFormat.names());

    static final String HINT = "Try 'java -jar dispatcher.jar --help'.";

    private static final String RUN_OPTIONS =
            TEXT.substring(TEXT.indexOf("Options of run:"), TEXT.indexOf("SignalR service:"));
    private static final String EXIT_CODES = TEXT.substring(TEXT.indexOf("Exit codes:"));

    /** The usage text of one command ({@code COMMAND --help}), or the whole text for another name. */
    static String of(String command) {
        return switch (command) {
            case "run" -> """
                    Usage: java -jar dispatcher.jar run [options]

                    Ingest CDP segment exports and user ids into the membership store, then dispatch (with no
                    --input, --users and --offers: the files in ./sample-data). The same command on the same
                    files is the same run: after a failure or a stop it resumes after the last commit; once
                    completed it is not repeated (exit 0).

                    """ + RUN_OPTIONS + EXIT_CODES;
            case "schedule" -> """
                    Usage: java -jar dispatcher.jar schedule --cron=EXPRESSION [options of run]

                    Stay up and run on a cron schedule ("0 */15 * * * *": second minute hour day month
                    weekday); a trigger that comes while a run is going is skipped. Each trigger is a new run
                    when the files changed, and nothing to do when not (an empty export directory included).
                    SIGTERM stops a run in progress after its chunk commits and ends with exit code 0.

                      --cron=EXPRESSION       when to run (six fields, the system time zone)

                    """ + RUN_OPTIONS;
            case "restart" -> """
                    Usage: java -jar dispatcher.jar restart [EXECUTION_ID]

                    Resume a failed or stopped execution of dispatch or reprocess (default: the latest) with
                    its parameters, after its last commit.

                    """ + EXIT_CODES;
            case "failures" -> """
                    Usage: java -jar dispatcher.jar failures [--execution=N] [--json] [--show-message]

                    List the failed sends not resolved yet: user, status, error code, attempts, time.

                      --execution=N           only those recorded by dispatch execution N
                      --json                  one JSON object per line
                      --show-message          include the message (user data)
                    """;
            case "reprocess" -> """
                    Usage: java -jar dispatcher.jar reprocess [--execution=N]

                    Send the unresolved failed sends again, unchanged (same messageId); those whose offers
                    have all ended are dropped as expired. Run it again after a crash to resume.

                      --execution=N           only those recorded by dispatch execution N

                    """ + EXIT_CODES;
            case "purge" -> """
                    Usage: java -jar dispatcher.jar purge [--older-than=P90D] [--dry-run] [--offers=PATH]

                    Delete what nothing needs any more, older than --older-than: resolved failed sends,
                    skipped rows, schedule claims, and completed runs of dispatch and reprocess with their
                    steps and parameters. Deliveries (for frequency caps) go only when older than the
                    longest cap window of offers.json too. Kept whatever their age: unresolved failed sends
                    and their runs, failed or stopped runs (restartable), and the record of ingested files
                    (so a re-delivered file is still skipped). Holds the run lock like run.

                      --older-than=DURATION   ISO-8601 duration (default P90D; e.g. P30D, PT12H)
                      --offers=PATH           offers.json whose caps keep deliveries (default:
                                              ./sample-data/offers.json when present; without one, only
                                              --older-than counts)
                      --dry-run               print what would be deleted, per table; delete nothing

                    """ + EXIT_CODES;
            default -> TEXT;
        };
    }

    private Usage() {}
}
