package io.signalranon.client;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpPost;

/**
 * A send to a user built and signed ahead of the request, by
 * {@link SignalRRestClient#prepareSendToUser}: {@link SignalRRestClient#send} makes its one request.
 * It can be sent once; another attempt is prepared again (with a fresh token). Dropping it unsent
 * sends nothing. {@link #toString()} shows no token.
 */
public final class PreparedSend {

    private final HttpPost request;
    private final AtomicBoolean sent = new AtomicBoolean();

    PreparedSend(HttpPost request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    /** The request, once: a second send of the same preparation is refused. */
    HttpPost takeRequest() {
        if (!sent.compareAndSet(false, true)) {
            throw new IllegalStateException("a prepared send is sent once; prepare another attempt");
        }
        return request;
    }

    @Override
    public String toString() {
        return "PreparedSend[POST " + request.getRequestUri() + "]";
    }
}
