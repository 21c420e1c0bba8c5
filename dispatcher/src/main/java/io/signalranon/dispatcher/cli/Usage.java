package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.ingest.InputFormat;

/** The usage text of {@code --help}. */
final class Usage {

    static final String TEXT = """
            Usage: java -jar dispatcher.jar run [options]
                   java -jar dispatcher.jar --help

            Commands:
              run        ingest CDP segment exports and user ids into the membership store, then dispatch
                         (with no --input, --users and --offers: the files in ./sample-data)

            Options of run:
              --input=FORMAT:PATH     an export; PATH is a file, a directory or a glob, .gz is read as gzip;
                                      repeat for several inputs. FORMAT: %s
              --users=PATH            users.csv (user_id,cdp_id,consent)
              --suppress=PATH         suppression list, one user id per line
              --offers=PATH           offers.json
              --as-of=ISO-INSTANT     the run's "now" (default: the start of the run)
              --all                   target every known user, not only those whose audiences changed
              --dry-run[=FILE]        decide but do not send; optionally write the report to FILE
              --force                 read again files that were ingested before
              --help                  this text

            Settings (Spring Boot properties, e.g. -Ddispatcher.ingest.chunk-size=2000 or environment variables):
              dispatcher.ingest.chunk-size (5000), dispatcher.ingest.skip-limit (1000),
              dispatcher.ingest.aep-namespace (ECID), dispatcher.ingest.aep-id-column (first column),
              dispatcher.ingest.segment-id-field (anonymousId), dispatcher.ingest.mparticle-identity-key (mpid),
              spring.datasource.url (jdbc:h2:file:./data/dispatcher;WRITE_DELAY=0)

            Exit codes:
              0  completed
              2  invalid usage or configuration, or an input file that cannot be read
              3  completed, but some sends failed and are recorded
              4  the run failed; run the same command again to resume it
              5  another run holds the job; nothing was done
            """.formatted(InputFormat.names());

    static final String HINT = "Try 'java -jar dispatcher.jar --help'.";

    private Usage() {
    }
}
