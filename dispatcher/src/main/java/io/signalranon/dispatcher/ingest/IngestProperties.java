package io.signalranon.dispatcher.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code ingest} step ({@code dispatcher.ingest.*}).
 *
 * @param chunkSize change rows per transaction
 * @param skipLimit malformed rows tolerated per step execution before the run fails
 * @param aepNamespace identity namespace of AEP JSON exports whose ids are read, matched case-insensitively
 * @param aepIdColumn header of the id column of AEP CSV exports; empty means the first column
 * @param segmentIdField field of Segment events holding the id: {@code anonymousId} or {@code userId}
 * @param mparticleIdentityKey key of {@code IdentityValues} in mParticle files holding the id
 */
@ConfigurationProperties("dispatcher.ingest")
public record IngestProperties(
        @DefaultValue("10000") int chunkSize,
        @DefaultValue("1000") long skipLimit,
        @DefaultValue("ECID") String aepNamespace,
        @DefaultValue("") String aepIdColumn,
        @DefaultValue("anonymousId") String segmentIdField,
        @DefaultValue("mpid") String mparticleIdentityKey) {

    public IngestProperties {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("dispatcher.ingest.chunk-size must be >= 1");
        }
        if (skipLimit < 0) {
            throw new IllegalArgumentException("dispatcher.ingest.skip-limit must be >= 0");
        }
        if (aepNamespace == null || aepNamespace.isBlank()) {
            throw new IllegalArgumentException("dispatcher.ingest.aep-namespace must not be blank");
        }
        if (!"anonymousId".equals(segmentIdField) && !"userId".equals(segmentIdField)) {
            throw new IllegalArgumentException("dispatcher.ingest.segment-id-field must be anonymousId or userId");
        }
        if (mparticleIdentityKey == null || mparticleIdentityKey.isBlank()) {
            throw new IllegalArgumentException("dispatcher.ingest.mparticle-identity-key must not be blank");
        }
        aepIdColumn = aepIdColumn == null ? "" : aepIdColumn;
    }

    /** Defaults of every setting, as documented. */
    public static IngestProperties defaults() {
        return new IngestProperties(10000, 1000, "ECID", "", "anonymousId", "mpid");
    }
}
