package io.signalranon.dispatcher.delivery;

import org.jspecify.annotations.Nullable;

/**
 * Sending cannot work for anyone right now (wrong key or hub, service unreachable): the step stops
 * so the run can be restarted once the cause is fixed, instead of recording every user as failed.
 */
public class SystemicDeliveryException extends RuntimeException {

    private final int status;

    public SystemicDeliveryException(@Nullable String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status that revealed the failure, 0 when the service could not be reached. */
    public int status() {
        return status;
    }
}
