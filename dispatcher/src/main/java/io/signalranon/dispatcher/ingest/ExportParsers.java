package io.signalranon.dispatcher.ingest;

import java.time.Instant;

/** Creates the parser of each format with the settings the real formats need. */
public final class ExportParsers {

    private final IngestProperties settings;

    public ExportParsers(IngestProperties settings) {
        this.settings = settings;
    }

    /**
     * @param origin   the file (not yet known to be a snapshot)
     * @param fileTime when the file was written; the time of snapshot rows that carry no time
     */
    public ExportParser create(RowOrigin origin, Instant fileTime) {
        return switch (origin.format()) {
            case AEP_JSON -> new AepJsonParser(origin, settings.aepNamespace());
            case AEP_CSV -> new AepCsvParser(origin, fileTime, settings.aepIdColumn());
            case SEGMENT -> new SegmentParser(origin, settings.segmentIdField());
            case MPARTICLE -> new MparticleParser(origin, settings.mparticleIdentityKey());
            case UNOMI_CSV -> new UnomiCsvParser(origin.asSnapshot(), fileTime);
            case CSV -> new PlainCsvParser(origin, fileTime);
        };
    }
}
