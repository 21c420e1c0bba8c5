package io.signalranon.dispatcher.ingest;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Twilio Segment Engage audience events (NDJSON): {@code identify} with the audience trait
 * {@code true}/{@code false}, and {@code track} {@code Audience Entered}/{@code Audience Exited}.
 * Other events are not membership changes and yield nothing.
 */
final class SegmentParser extends JsonLinesParser {

    private final String idField;

    SegmentParser(RowOrigin origin, String idField) {
        super(origin);
        this.idField = idField;
    }

    @Override
    List<ChangeRow> parse(JsonNode event, long lineNo) {
        String type = JsonLines.text(event.get("type"));
        String computationKey =
                JsonLines.text(event.path("context").path("personas").get("computation_key"));
        String audience;
        boolean member;
        if ("identify".equals(type)) {
            if (computationKey == null) {
                return List.of();
            }
            audience = computationKey;
            member = flag(event.path("traits").get(computationKey), lineNo);
        } else if ("track".equals(type) && isAudienceEvent(JsonLines.text(event.get("event")))) {
            String key = JsonLines.text(event.path("properties").get("audience_key"));
            audience = key != null ? key : computationKey;
            member = "Audience Entered".equals(JsonLines.text(event.get("event")));
        } else {
            return List.of();
        }
        String id = JsonLines.text(event.get(idField));
        Instant time = rows.isoTime(lineNo, JsonLines.text(event.get("timestamp")));
        return List.of(rows.row(lineNo, id, audience, member, time));
    }

    private static boolean isAudienceEvent(@Nullable String name) {
        return "Audience Entered".equals(name) || "Audience Exited".equals(name);
    }

    private boolean flag(@Nullable JsonNode trait, long lineNo) {
        if (trait != null && trait.isBoolean()) {
            return trait.booleanValue();
        }
        String text = JsonLines.text(trait);
        if (text != null && ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text))) {
            return Boolean.parseBoolean(text.toLowerCase());
        }
        throw rows.malformed(lineNo, SkipReason.UNKNOWN_STATUS, "audience trait must be true or false: " + text);
    }
}
