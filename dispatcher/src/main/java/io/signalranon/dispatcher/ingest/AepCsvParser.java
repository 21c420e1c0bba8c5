package io.signalranon.dispatcher.ingest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Adobe Experience Platform CSV export, one audience per file
 * ({@code <destination>_segment<audienceId>_<yyyyMMddHHmmss>.csv}). With a status column it lists changes,
 * without one it is a snapshot of the audience's members at the export time of the file name.
 */
final class AepCsvParser extends CsvExportParser {

    private static final Pattern NAME =
            Pattern.compile(".*_segment(.+?)_(\\d{14})(?:_\\d+)?\\.csv(?:\\.gz)?", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final String idColumnName;
    private final @Nullable String nameAudience;
    private final Instant exportTime;
    private int idColumn;
    private int segmentColumn;
    private int statusColumn;
    private int timeColumn;

    AepCsvParser(RowOrigin origin, Instant fileTime, String idColumnName) {
        super(origin, ',');
        this.idColumnName = idColumnName;
        Matcher matcher = NAME.matcher(origin.file());
        if (matcher.matches()) {
            nameAudience = matcher.group(1);
            exportTime = LocalDateTime.parse(matcher.group(2), NAME_TIME).toInstant(ZoneOffset.UTC);
        } else {
            nameAudience = null;
            exportTime = fileTime;
        }
    }

    @Override
    boolean header(CsvHeader header) {
        idColumn = idColumnName.isEmpty() ? 0 : header.require(idColumnName);
        segmentColumn = header.find("segment_id");
        if (segmentColumn < 0 && nameAudience == null) {
            throw new InputFileException(
                    origin().file(),
                    "no segment_id column and the file name has no _segment<ID>_<yyyyMMddHHmmss> part");
        }
        statusColumn = header.find(
                n -> n.equalsIgnoreCase("status") || n.toLowerCase(Locale.ROOT).endsWith("_status"));
        timeColumn = header.find(CsvHeader.endsWithIgnoringCase("lastQualificationTime"));
        return statusColumn < 0;
    }

    @Override
    List<ChangeRow> rows(List<String> fields, long lineNo, RowFactory rows) {
        String id = fields.get(idColumn).trim();
        String audience =
                segmentColumn < 0 ? nameAudience : fields.get(segmentColumn).trim();
        if (statusColumn < 0) {
            return List.of(rows.row(lineNo, id, audience, true, exportTime));
        }
        boolean member = AepStatus.member(fields.get(statusColumn), lineNo, rows);
        Instant time = timeColumn < 0
                ? exportTime
                : rows.isoTime(lineNo, fields.get(timeColumn).trim());
        return List.of(rows.row(lineNo, id, audience, member, time));
    }

    @Override
    public @Nullable Instant snapshotTime() {
        return origin().snapshot() ? exportTime : null;
    }

    @Override
    public @Nullable String audienceFromName() {
        return origin().snapshot() && segmentColumn < 0 ? nameAudience : null;
    }
}
