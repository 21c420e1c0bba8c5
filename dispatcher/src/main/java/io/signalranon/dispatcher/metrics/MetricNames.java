package io.signalranon.dispatcher.metrics;

/**
 * Every meter and tag name of the dispatcher's own metrics, in Micrometer's dotted convention
 * (Prometheus shows {@code dispatcher.messages.delivered} as {@code dispatcher_messages_delivered_total}).
 * Dashboards and alerts depend on them, so they never change.
 */
public final class MetricNames {

    /** Counter: messages delivered; tags {@link #JOB}, {@link #STATUS_CLASS}. */
    public static final String MESSAGES_DELIVERED = "dispatcher.messages.delivered";
    /** Counter: messages that failed for good and were recorded for reprocess; tags {@link #JOB}, {@link #STATUS_CLASS}. */
    public static final String MESSAGES_FAILED = "dispatcher.messages.failed";
    /** Counter: REST calls; tags {@link #JOB}, {@link #OUTCOME}. */
    public static final String SEND_ATTEMPTS = "dispatcher.send.attempts";
    /** Timer with percentiles: the latency of one REST call; tag {@link #JOB}. */
    public static final String SEND_LATENCY = "dispatcher.send.latency";
    /** Gauge: the most sends that may be in flight at once. */
    public static final String SEND_CONCURRENCY = "dispatcher.send.concurrency";
    /** Gauge: messages being sent now (retries included). */
    public static final String SENDS_IN_FLIGHT = "dispatcher.send.in.flight";
    /** Counter: change rows read from the exports; tag {@link #FORMAT}. */
    public static final String INGEST_ROWS_READ = "dispatcher.ingest.rows.read";
    /** Counter: malformed rows skipped; tags {@link #FORMAT}, {@link #REASON}. */
    public static final String INGEST_ROWS_SKIPPED = "dispatcher.ingest.rows.skipped";
    /** Counter: targeted users who got no message; tag {@link #REASON}. */
    public static final String USERS_WITHHELD = "dispatcher.users.withheld";

    /** Counter: partitions of partitioned runs that a worker ran to an end; tags {@link #STATUS}, {@link #WORKER}. */
    public static final String PARTITIONS = "dispatcher.partitions";

    /** Tag: the job that sent, {@code dispatch} or {@code reprocess}. */
    public static final String JOB = "job";
    /** Tag: {@code 2xx}, {@code 4xx}, {@code 5xx}, or {@code none} when no response came. */
    public static final String STATUS_CLASS = "status.class";
    /** Tag: {@code delivered}, {@code throttled}, {@code retryable} or {@code permanent}. */
    public static final String OUTCOME = "outcome";
    /** Tag: the export format ({@code aep-json}, {@code csv}, ...). */
    public static final String FORMAT = "format";
    /** Tag: how a partition ended ({@code completed}, {@code failed}, {@code stopped}). */
    public static final String STATUS = "status";
    /** Tag: the worker that ran a partition, {@code host:pid}. */
    public static final String WORKER = "worker";
    /** Tag: why a row was skipped or a user withheld. */
    public static final String REASON = "reason";

    private MetricNames() {}
}
