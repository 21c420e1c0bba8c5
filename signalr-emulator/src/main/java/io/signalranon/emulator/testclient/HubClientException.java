package io.signalranon.emulator.testclient;

import java.io.IOException;

/** A step of a {@link HubClient}'s connect that the server refused, with its HTTP status (0 when there is none). */
public final class HubClientException extends IOException {

    private final int status;

    HubClientException(String step, int status, String detail) {
        super(step + " failed" + (status > 0 ? " with " + status : "") + ": " + detail);
        this.status = status;
    }

    /** The HTTP status of the refusal, or 0 (e.g. a handshake error). */
    public int status() {
        return status;
    }
}
