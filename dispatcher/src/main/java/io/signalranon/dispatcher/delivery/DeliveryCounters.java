package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.message.DeliveryResult;
import io.signalranon.dispatcher.target.WithholdReason;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Running totals of one dispatch step execution, kept in the step's execution context so that they
 * commit with each chunk and survive a restart.
 */
public final class DeliveryCounters implements SendingWriter.Totals {

    private static final String PREFIX = "delivery.";
    static final String DELIVERED = PREFIX + "delivered";
    static final String FAILED = PREFIX + "failed";
    static final String HOLDOUT = PREFIX + "holdout";
    static final String SUPPRESSED = PREFIX + "suppressed";
    static final String NO_CONSENT = PREFIX + "no-consent";
    static final String PLANNED = PREFIX + "planned";

    private long delivered;
    private long failed;
    private long holdout;
    private long suppressed;
    private long noConsent;
    private long planned;

    /** Counters as stored in a step's execution context (zero when absent). */
    public static DeliveryCounters from(ExecutionContext context) {
        DeliveryCounters counters = new DeliveryCounters();
        counters.delivered = context.getLong(DELIVERED, 0);
        counters.failed = context.getLong(FAILED, 0);
        counters.holdout = context.getLong(HOLDOUT, 0);
        counters.suppressed = context.getLong(SUPPRESSED, 0);
        counters.noConsent = context.getLong(NO_CONSENT, 0);
        counters.planned = context.getLong(PLANNED, 0);
        return counters;
    }

    @Override
    public void saveTo(ExecutionContext context) {
        context.putLong(DELIVERED, delivered);
        context.putLong(FAILED, failed);
        context.putLong(HOLDOUT, holdout);
        context.putLong(SUPPRESSED, suppressed);
        context.putLong(NO_CONSENT, noConsent);
        context.putLong(PLANNED, planned);
    }

    void add(DeliveryResult result) {
        if (result.delivered()) {
            delivered++;
        } else {
            failed++;
        }
    }

    void addPlanned() {
        planned++;
    }

    void add(WithholdReason reason) {
        switch (reason) {
            case HOLDOUT -> holdout++;
            case SUPPRESSED -> suppressed++;
            case NO_CONSENT -> noConsent++;
        }
    }

    /** Users handled so far: sent, failed, withheld or planned. */
    public long users() {
        return delivered + failed + holdout + suppressed + noConsent + planned;
    }

    @Override
    public long delivered() {
        return delivered;
    }

    public long failed() {
        return failed;
    }

    public long holdout() {
        return holdout;
    }

    public long suppressed() {
        return suppressed;
    }

    public long noConsent() {
        return noConsent;
    }

    /** Messages decided but not sent, in a dry run. */
    public long planned() {
        return planned;
    }
}
