package io.signalranon.dispatcher.operate;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of {@code schedule} ({@code dispatcher.schedule.*}).
 *
 * @param purgeOlderThan after each scheduled run, purge what is older than this (as {@code purge --older-than});
 *                       unset: no purge
 */
@ConfigurationProperties("dispatcher.schedule")
public record ScheduleProperties(@Nullable Duration purgeOlderThan) {

    public ScheduleProperties {
        if (purgeOlderThan != null && (purgeOlderThan.isNegative() || purgeOlderThan.isZero())) {
            throw new IllegalArgumentException(
                    "dispatcher.schedule.purge-older-than must be > 0 (or unset: no purge), got " + purgeOlderThan);
        }
    }
}
