package io.signalranon.dispatcher.ingest;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * mParticle audience file (NDJSON, changes only). The audience id is only in the file name
 * {@code <Name>_<Id>_<date>_<time>_<guid>.txt}, read from the right since names may contain {@code _}.
 */
final class MparticleParser extends JsonLinesParser {

    private final String identityKey;
    private final String audience;

    MparticleParser(RowOrigin origin, String identityKey) {
        super(origin);
        this.identityKey = identityKey;
        this.audience = audienceOf(origin.file());
    }

    static String audienceOf(String fileName) {
        String base = fileName.replaceFirst("(?i)\\.gz$", "").replaceFirst("(?i)\\.txt$", "");
        String[] parts = base.split("_");
        if (parts.length < 5 || parts[parts.length - 4].isBlank()) {
            throw new InputFileException(fileName, "mParticle file name must be <Name>_<Id>_<date>_<time>_<guid>.txt");
        }
        return parts[parts.length - 4];
    }

    @Override
    List<ChangeRow> parse(JsonNode change, long lineNo) {
        String id = JsonLines.text(change.path("IdentityValues").get(identityKey));
        JsonNode add = change.get("IsAddRequest");
        if (add == null || !add.isBoolean()) {
            throw rows.malformed(lineNo, SkipReason.UNKNOWN_STATUS, "IsAddRequest must be true or false");
        }
        JsonNode timestamp = change.get("MembershipChangedTimestamp");
        if (timestamp == null || !timestamp.isIntegralNumber() || !timestamp.canConvertToLong()) {
            throw rows.malformed(
                    lineNo, SkipReason.BAD_TIMESTAMP, "MembershipChangedTimestamp must be epoch milliseconds");
        }
        Instant time = Instant.ofEpochMilli(timestamp.longValue());
        return List.of(rows.row(lineNo, id, audience, add.booleanValue(), time));
    }
}
