package io.signalranon.negotiate.service;

import io.signalranon.negotiate.ForwardedFor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per negotiate: status, method, path (never the query), client address, origin, whether a
 * visitor cookie was set, and the time taken. Never a cookie, a token or a header value besides the
 * origin. Other paths (the health probe) are not logged.
 */
final class AccessLog implements RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.signalranon.negotiate.access");
    private static final int MAX_ORIGIN = 100;

    private final String path;
    private final boolean trustForwardedFor;
    private final AtomicLong count = new AtomicLong();

    AccessLog(String path, boolean trustForwardedFor) {
        this.path = path;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void log(Request request, Response response) {
        if (!request.getHttpURI().getPath().equals(path)) {
            return;
        }
        count.incrementAndGet();
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String client = Request.getRemoteAddr(request);
        if (trustForwardedFor) {
            client = ForwardedFor.nearestClient(request.getHeaders().getValuesList(ForwardedFor.HEADER))
                    .orElse(client);
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
        LOG.info(
                "negotiate {} {} {} client={} origin={} cookie={} {} ms",
                response.getStatus(),
                request.getMethod(),
                path,
                client,
                origin == null ? "-" : printable(origin),
                response.getHeaders().contains(HttpHeader.SET_COOKIE) ? "set" : "-",
                millis);
    }

    long count() {
        return count.get();
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < MAX_ORIGIN; i++) {
            char c = value.charAt(i);
            out.append(c > 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
