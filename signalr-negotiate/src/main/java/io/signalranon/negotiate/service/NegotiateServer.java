package io.signalranon.negotiate.service;

import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.servlet.NegotiateServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The negotiate service's HTTP server (Jetty): the {@link NegotiateServlet} at the endpoint's path,
 * {@code GET /health} for probes, one access-log line per negotiate, and a graceful stop (requests
 * in flight finish, new ones get 503) within the stop timeout.
 */
public final class NegotiateServer implements AutoCloseable {

    /** At stop, a kept-alive connection with no request in flight is closed after this idle time. */
    private static final long SHUTDOWN_IDLE_TIMEOUT_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(NegotiateServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final AccessLog accessLog;

    private NegotiateServer(Server server, ServerConnector connector, AccessLog accessLog) {
        this.server = server;
        this.connector = connector;
        this.accessLog = accessLog;
    }

    /**
     * Starts serving {@code endpoint}.
     *
     * @param host the address to bind, e.g. {@code 0.0.0.0}
     * @param port the port, 0 for any free one
     * @param trustForwardedFor whether the client address is the last entry of {@code X-Forwarded-For}
     * @param stopTimeout how long requests in flight may take to finish at stop
     * @throws IllegalStateException when the server cannot start (for example, the port is taken)
     */
    public static NegotiateServer start(
            NegotiateEndpoint endpoint, String host, int port, boolean trustForwardedFor, Duration stopTimeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(
                new ServletHolder("negotiate", new NegotiateServlet(endpoint, trustForwardedFor)),
                endpoint.settings().path());
        context.addServlet(new ServletHolder("health", new HealthServlet()), "/health");
        server.setHandler(new GracefulHandler(context));
        AccessLog accessLog = new AccessLog(endpoint.settings().path(), trustForwardedFor);
        server.setRequestLog(accessLog);
        server.setStopTimeout(stopTimeout.toMillis());
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is what the caller needs to hear
            }
            throw new IllegalStateException("cannot serve on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new NegotiateServer(server, connector, accessLog);
    }

    /** The port served. */
    public int port() {
        return connector.getLocalPort();
    }

    /** How many negotiates (any status) were answered. */
    public long negotiateCount() {
        return accessLog.count();
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops gracefully: no new connections, requests in flight finish within the stop timeout (past
     * it they are cut, with a warning), idle kept-alive connections are closed.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("negotiate stopped after its stop timeout, some requests were cut: {}", e.toString());
        }
    }

    /** {@code GET /health}: 200 while the server serves (a stopping server answers 503). */
    private static final class HealthServlet extends HttpServlet {

        @Serial
        private static final long serialVersionUID = 1L;

        private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(200);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(UP.length);
            response.getOutputStream().write(UP);
        }
    }
}
