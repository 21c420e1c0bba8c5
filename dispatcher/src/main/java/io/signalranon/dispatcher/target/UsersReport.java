package io.signalranon.dispatcher.target;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What loading users.csv found, kept in the job execution's context for the run's summary.
 *
 * @param users          distinct user ids loaded
 * @param duplicates     rows whose user id came before (the most restrictive consent is kept)
 * @param consentColumn  false when the file has no {@code consent} column: consent is handled upstream
 * @param unknownConsent rows whose consent value is not one of the known ones (withheld)
 * @param examples       the first of those rows, as {@code file:line 'value'}
 * @param forgotten      rows kept out because they name a forgotten user id or CDP id, and bad rows that quote one
 *                       (recorded with it redacted)
 */
public record UsersReport(
        long users,
        long duplicates,
        boolean consentColumn,
        long unknownConsent,
        List<String> examples,
        long forgotten) {

    private static final String PREFIX = "users.";
    private static final String USERS = PREFIX + "loaded";
    private static final String DUPLICATES = PREFIX + "duplicates";
    private static final String CONSENT_COLUMN = PREFIX + "consent-column";
    private static final String UNKNOWN_CONSENT = PREFIX + "unknown-consent";
    private static final String EXAMPLES = PREFIX + "unknown-consent-examples";
    private static final String FORGOTTEN = PREFIX + "forgotten";

    /** At most this many unknown consent rows are named in the summary. */
    public static final int MAX_EXAMPLES = 5;

    public UsersReport {
        if (users < 0 || duplicates < 0 || unknownConsent < 0 || forgotten < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        examples = List.copyOf(examples);
    }

    /** Stores the report in a job execution's context. */
    public void saveTo(ExecutionContext context) {
        context.putLong(USERS, users);
        context.putLong(DUPLICATES, duplicates);
        context.putString(CONSENT_COLUMN, Boolean.toString(consentColumn));
        context.putLong(UNKNOWN_CONSENT, unknownConsent);
        context.putString(EXAMPLES, String.join("\n", examples));
        context.putLong(FORGOTTEN, forgotten);
    }

    /** The report stored in a job execution's context, or null when the run had no users file. */
    public static @Nullable UsersReport from(ExecutionContext context) {
        if (!context.containsKey(USERS)) {
            return null;
        }
        String examples = context.getString(EXAMPLES, "");
        return new UsersReport(
                context.getLong(USERS),
                context.getLong(DUPLICATES, 0),
                Boolean.parseBoolean(context.getString(CONSENT_COLUMN, "true")),
                context.getLong(UNKNOWN_CONSENT, 0),
                examples.isEmpty() ? List.of() : List.of(examples.split("\n")),
                context.getLong(FORGOTTEN, 0));
    }
}
