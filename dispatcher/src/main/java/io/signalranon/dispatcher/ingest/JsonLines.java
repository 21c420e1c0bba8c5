package io.signalranon.dispatcher.ingest;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads one line of an NDJSON export into a JSON object. */
final class JsonLines {

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private JsonLines() {}

    static JsonNode object(String line, long lineNo, RowFactory rows) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw rows.malformed(lineNo, SkipReason.BAD_JSON, e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw rows.malformed(lineNo, SkipReason.BAD_JSON, "not a JSON object");
        }
        return node;
    }

    /** A string or number value as text; null when missing or of another type. */
    static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || !(node.isString() || node.isNumber())) {
            return null;
        }
        return node.asString();
    }
}
