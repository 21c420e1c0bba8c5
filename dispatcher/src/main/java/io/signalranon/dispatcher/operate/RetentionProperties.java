package io.signalranon.dispatcher.operate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention settings of {@code purge} ({@code dispatcher.purge.*}).
 *
 * @param membershipsLeftAfter a CDP id that left every audience (no membership, no change waiting for a run)
 *                             longer ago than this loses its rows in MEMBERSHIP: it is no longer a known id
 */
@ConfigurationProperties("dispatcher.purge")
public record RetentionProperties(@DefaultValue("P180D") Duration membershipsLeftAfter) {

    public RetentionProperties {
        if (membershipsLeftAfter.isNegative() || membershipsLeftAfter.isZero()) {
            throw new IllegalArgumentException(
                    "dispatcher.purge.memberships-left-after must be > 0, got " + membershipsLeftAfter);
        }
    }
}
