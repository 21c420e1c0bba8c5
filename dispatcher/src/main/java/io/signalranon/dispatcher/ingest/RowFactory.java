package io.signalranon.dispatcher.ingest;

import io.signalranon.client.UserIds;
import io.signalranon.dispatcher.membership.MembershipChange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Builds change rows of one file, rejecting audiences the store cannot hold and ids that break the
 * visitor-id rule ({@link UserIds}: every id may become a SignalR user).
 */
final class RowFactory {

    static final int MAX_LENGTH = 512;

    private final RowOrigin origin;

    RowFactory(RowOrigin origin) {
        this.origin = origin;
    }

    ChangeRow row(long line, @Nullable String id, @Nullable String audience, boolean member, Instant time) {
        String checkedId = checkId(line, id);
        String checkedAudience =
                check(line, audience, "audience", SkipReason.MISSING_AUDIENCE, SkipReason.AUDIENCE_TOO_LONG);
        return new ChangeRow(origin, line, checkedId, checkedAudience, member, time);
    }

    /** A row that only says the file lists the id, with no audience (a per-id snapshot). */
    ChangeRow listedOnly(long line, @Nullable String id, Instant time) {
        return new ChangeRow(origin, line, checkId(line, id), MembershipChange.LISTED_ONLY, false, time);
    }

    /** Checks an id before several rows are built from it, so a bad id skips the whole line. */
    String id(long line, @Nullable String id) {
        return checkId(line, id);
    }

    Instant isoTime(long line, @Nullable String text) {
        if (text == null || text.isBlank()) {
            throw malformed(line, SkipReason.BAD_TIMESTAMP, "missing timestamp");
        }
        Instant fast = IsoInstants.parseUtcSeconds(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw malformed(line, SkipReason.BAD_TIMESTAMP, "not an ISO-8601 instant: " + text);
            }
        }
    }

    MalformedRowException malformed(long line, SkipReason reason, @Nullable String detail) {
        return new MalformedRowException(origin, line, reason, detail);
    }

    /** The id, once checked. */
    private String checkId(long line, @Nullable String id) {
        String checked = check(line, id, "id", SkipReason.MISSING_ID, SkipReason.ID_TOO_LONG);
        UserIds.reason(checked).ifPresent(reason -> {
            throw malformed(
                    line,
                    checked.length() > UserIds.MAX_LENGTH ? SkipReason.ID_TOO_LONG : SkipReason.BAD_VISITOR_ID,
                    "id " + reason);
        });
        return checked;
    }

    /** The value, once checked: present, not too long, no control characters. */
    private String check(long line, @Nullable String value, String what, SkipReason missing, SkipReason tooLong) {
        if (value == null || value.isBlank()) {
            throw malformed(line, missing, what + " is missing");
        }
        if (value.length() > MAX_LENGTH) {
            throw malformed(line, tooLong, what + " has " + value.length() + " characters (max " + MAX_LENGTH + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw malformed(line, SkipReason.CONTROL_CHARACTERS, what + " contains control characters");
            }
        }
        return value;
    }
}
