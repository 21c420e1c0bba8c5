package io.signalranon.dispatcher.job;

import java.util.List;

/**
 * Every name the dispatcher shares with Spring Batch's tables: jobs, steps and job parameters. Jobs
 * already in a job repository carry these names, so they never change; everything that needs one
 * refers to it here.
 */
public final class BatchNames {

    /** The job of a run: ingest, targets, dispatch. */
    public static final String DISPATCH_JOB = "dispatch";
    /** The job that sends recorded failures again. */
    public static final String REPROCESS_JOB = "reprocess";
    /** The jobs the commands launch, stop and recover. */
    public static final List<String> JOBS = List.of(DISPATCH_JOB, REPROCESS_JOB);

    /** Step: exports into the membership store. */
    public static final String INGEST_STEP = "ingest";
    /** Step: the run's targeted users into DISPATCH_TARGET. */
    public static final String TARGETS_STEP = "targets";
    /** Step: decisions and sends. */
    public static final String DISPATCH_STEP = "dispatch";
    /**
     * Step of one partition of the dispatch step, run by a worker when the run is partitioned (the
     * partitions' step executions are named {@code dispatchPartition:p000}, ...).
     */
    public static final String DISPATCH_PARTITION_STEP = "dispatchPartition";
    /** Partition step execution context key: the worker ({@code host:pid}) that ran the partition last. */
    public static final String WORKER = "dispatch.worker";
    /** Partition step execution context key: how many partitions share {@code max-rate} (run at once). */
    public static final String RATE_SHARERS = "dispatch.rate-sharers";
    /** Job execution context key: the offer catalog (offers.json) of a partitioned run, for its workers. */
    public static final String CATALOG = "dispatch.catalog";
    /** Step of the reprocess job. */
    public static final String REPROCESS_STEP = "reprocess";

    /** Identifying: fingerprint of a run's inputs (options, and every file's name, size and time). */
    public static final String RUN_KEY = "run.key";
    /** The run's inputs, one {@code FORMAT:PATH} per line. */
    public static final String INPUTS = "inputs";
    /** {@code true} to read again files that were ingested before. */
    public static final String FORCE = "force";
    /** Path of users.csv, absent when none. */
    public static final String USERS = "users";
    /** Path of the suppression file, absent when none. */
    public static final String SUPPRESS = "suppress";
    /** Path of offers.json, absent when the run only ingests. */
    public static final String OFFERS = "offers";
    /** {@code true} to target every known user. */
    public static final String ALL = "all";
    /** {@code true} for a dry run. */
    public static final String DRY_RUN = "dry-run";
    /** Where a dry run writes its report, absent when not asked. */
    public static final String DRY_RUN_REPORT = "dry-run-report";
    /** Execution-context key: the CDP ids a dry run found changed, before it put the store back. */
    public static final String DRY_RUN_CHANGED_IDS = "dry-run.changed-ids";
    /** Identifying when given: the run's "now"; also the execution-context key that keeps it. */
    public static final String AS_OF = "as-of";
    /** Identifying: the reprocess job's scope, {@code all} or an execution id. */
    public static final String REPROCESS_SCOPE = "reprocess.scope";
    /** Identifying: the number of the reprocess run for that scope. */
    public static final String REPROCESS_RUN = "reprocess.run";
    /** The highest FAILED_SEND id a reprocess run takes. */
    public static final String REPROCESS_MAX_ID = "reprocess.max-id";

    private BatchNames() {}
}
