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
final class AepJsonParser implements ExportParser {

    private final RowOrigin origin;
    private final RowFactory rows;
    private final String namespace;

    AepJsonParser(RowOrigin origin, String namespace) {
        this.origin = origin;
        this.rows = new RowFactory(origin);
        this.namespace = namespace;
    }

    @Override
    public List<ChangeRow> parse(String line, long lineNo) {
        if (line.isBlank()) {
            return List.of();
        }
        JsonNode profile = JsonLines.object(line, lineNo, rows);
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

    @Override
    public RowOrigin origin() {
        return origin;
    }
}
