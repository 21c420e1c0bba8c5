package io.signalranon.dispatcher.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management port of {@code schedule}: {@code GET /actuator/prometheus} (the registry in Prometheus'
 * text format) and {@code GET /actuator/health} ({@code {"status":"UP"}}), on
 * {@code management.server.address} (loopback by default) and {@code management.server.port}. The
 * dispatcher is not a web application, so a small JDK HTTP server serves the two paths, on two threads.
 */
public final class ScrapeEndpoint implements AutoCloseable {

    /** Path of the Prometheus scrape, as Spring Boot Actuator names it. */
    public static final String PROMETHEUS = "/actuator/prometheus";
    /** Path of the health check, as Spring Boot Actuator names it. */
    public static final String HEALTH = "/actuator/health";

    private static final Logger log = LoggerFactory.getLogger(ScrapeEndpoint.class);
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private ScrapeEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving.
     *
     * @param health the health status ({@code UP}, {@code DOWN}, ...)
     * @throws IOException when the port cannot be bound
     */
    public static ScrapeEndpoint start(
            PrometheusMeterRegistry registry, String address, int port, Supplier<String> health) throws IOException {
        Objects.requireNonNull(registry, "registry");
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext(PROMETHEUS, exchange -> answer(exchange, TEXT_FORMAT, registry.scrape()));
        server.createContext(
                HEALTH, exchange -> answer(exchange, "application/json", "{\"status\":\"" + health.get() + "\"}"));
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "management-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        log.info(
                "Metrics at http://{}:{}{} and health at {}",
                address,
                server.getAddress().getPort(),
                PROMETHEUS,
                HEALTH);
        return new ScrapeEndpoint(server);
    }

    /** The port it listens on (the one given, or the one chosen for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, String contentType, String body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")
                    && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!exchange.getRequestURI()
                    .getPath()
                    .equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
            if (!exchange.getRequestMethod().equals("HEAD")) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
