package io.signalranon.emulator.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * What the emulator does to one request.
 *
 * @param delay time to wait before anything else
 * @param action whether to answer normally, answer with {@code status}, or drop the connection
 * @param status the status of a {@link Action#RESPOND} fault, else 0
 * @param retryAfterSeconds the {@code Retry-After} value to send, or -1 for none
 */
public record Fault(Duration delay, Action action, int status, int retryAfterSeconds) {

    /** A request left alone. */
    public static final Fault NONE = new Fault(Duration.ZERO, Action.PROCEED, 0, -1);

    /** The kinds of fault. */
    public enum Action {
        /** Handle the request normally. */
        PROCEED,
        /** Answer {@link Fault#status()} without handling the request. */
        RESPOND,
        /** Close the connection without an answer. */
        DROP
    }

    public Fault {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(action, "action");
    }

    Fault withDelay(Duration added) {
        return added.isZero() ? this : new Fault(added, action, status, retryAfterSeconds);
    }
}
