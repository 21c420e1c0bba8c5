package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import java.util.Locale;

/** How one send attempt ended, as metrics and reports count it. */
public enum AttemptOutcome {
    /** 2xx. */
    DELIVERED,
    /** 429: the service asked to slow down. */
    THROTTLED,
    /** Another retryable outcome: no response, 408, 5xx. */
    RETRYABLE,
    /** A 4xx that fails the same way again. */
    PERMANENT;

    /** The HTTP status of a throttled attempt. */
    public static final int TOO_MANY_REQUESTS = 429;

    public static AttemptOutcome of(SendOutcome outcome) {
        return switch (outcome.kind()) {
            case DELIVERED -> DELIVERED;
            case PERMANENT -> PERMANENT;
            case RETRYABLE -> outcome.status() == TOO_MANY_REQUESTS ? THROTTLED : RETRYABLE;
        };
    }

    /** The lower-case name used in tags, reports and execution contexts. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status class of an HTTP status: {@code 2xx} .. {@code 5xx}, or {@code none} when no response came. */
    public static String statusClass(int status) {
        return status == 0 ? "none" : (status / 100) + "xx";
    }
}
