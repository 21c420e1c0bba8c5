package io.signalranon.dispatcher.operate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of how runs are launched and stopped ({@code dispatcher.run.*}).
 *
 * @param lockLease how long the run lock (RUN_LOCK) stays held without a heartbeat; a process killed while
 *                  holding it blocks other runs for at most this long
 * @param stopTimeout how long SIGTERM waits for the running chunk to commit before the process exits anyway
 * @param host the host name this process records in the run lock (blank: the machine's); a lock left by a
 *             process of the same host that has ended is taken over at once, another host's only when its
 *             lease expires, so two dispatchers that share a host name must share a process table
 */
@ConfigurationProperties("dispatcher.run")
public record RunProperties(
        @DefaultValue("60s") Duration lockLease,
        @DefaultValue("60s") Duration stopTimeout,
        @DefaultValue("") String host) {

    public RunProperties {
        if (lockLease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("dispatcher.run.lock-lease must be >= 3s, got " + lockLease);
        }
        host = host == null ? "" : host;
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("dispatcher.run.stop-timeout must be >= 0, got " + stopTimeout);
        }
    }
}
