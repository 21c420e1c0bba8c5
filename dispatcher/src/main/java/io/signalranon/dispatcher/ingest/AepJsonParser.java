package io.signalranon.dispatcher.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Adobe Experience Platform JSON export: one profile per line; every id of the identity namespace
 * (matched in any case) gets every audience of {@code segmentMembership.ups}.
 */
final class AepJsonParser extends JsonLinesParser {

    private final String namespace;

    AepJsonParser(RowOrigin origin, String namespace) {
        super(origin);
        this.namespace = namespace;
    }

    @Override
    List<ChangeRow> parse(JsonNode profile, long lineNo) {
        List<String> ids = ids(profile, lineNo);
        JsonNode ups = profile.path("segmentMembership").path("ups");
        if (!ups.isObject() || ups.isEmpty()) {
            return List.of();
        }
        List<ChangeRow> result = new ArrayList<>(ids.size() * ups.size());
        for (Map.Entry<String, JsonNode> entry : ups.properties()) {
            JsonNode membership = entry.getValue();
            boolean member = AepStatus.member(JsonLines.text(membership.get("status")), lineNo, rows);
            Instant time = rows.isoTime(lineNo, JsonLines.text(membership.get("lastQualificationTime")));
            for (String id : ids) {
                result.add(rows.row(lineNo, id, entry.getKey(), member, time));
            }
        }
        return result;
    }

    private List<String> ids(JsonNode profile, long lineNo) {
        JsonNode identityMap = profile.path("identityMap");
        List<String> ids = new ArrayList<>(2);
        for (Map.Entry<String, JsonNode> entry : identityMap.properties()) {
            if (entry.getKey().equalsIgnoreCase(namespace)) {
                for (JsonNode identity : entry.getValue().values()) {
                    ids.add(rows.id(lineNo, JsonLines.text(identity.get("id"))));
                }
            }
        }
        if (ids.isEmpty()) {
            throw rows.malformed(lineNo, SkipReason.MISSING_ID, "no identityMap." + namespace + " id");
        }
        return ids;
    }
}
