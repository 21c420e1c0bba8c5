package io.signalranon.emulator.testclient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A SignalR client for tests, on the JDK's {@code java.net.http} only, that connects as
 * {@code @microsoft/signalr} does in serverless mode: negotiate at the base URL, follow the
 * {@code {url, accessToken}} redirect to the service's negotiate, open the WebSocket with the
 * connection token, and do the JSON hub protocol handshake. It keeps every record the server sends
 * after the handshake (invocations, pings, close) for the test to read, and sends a ping every
 * keep-alive interval as the JS client does.
 *
 * <pre>{@code
 * try (HubClient visitor = HubClient.builder().connect(URI.create(emulator.negotiateUrl() + "?userid=u1"))) {
 *     ... send to u1 ...
 *     Invocation offer = visitor.nextInvocation(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class HubClient implements AutoCloseable {

    private static final char RS = '\u001e';
    private static final String HANDSHAKE = "{\"protocol\":\"json\",\"version\":1}" + RS;
    private static final String PING = "{\"type\":6}" + RS;
    private static final String CLOSE = "{\"type\":7}" + RS;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final WebSocket socket;
    private final Listener listener;
    private final String connectionId;
    private final @Nullable Thread keepAlive;

    private HubClient(WebSocket socket, Listener listener, String connectionId, @Nullable Duration keepAliveInterval) {
        this.socket = socket;
        this.listener = listener;
        this.connectionId = connectionId;
        this.keepAlive =
                keepAliveInterval == null ? null : new Thread(() -> pingEvery(keepAliveInterval), "hub-client-ping");
        if (keepAlive != null) {
            keepAlive.setDaemon(true);
            keepAlive.start();
        }
    }

    /** A builder with the JS client's defaults: token in the {@code Authorization} header, a ping every 15 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** The {@code connectionId} negotiate returned. */
    public String connectionId() {
        return connectionId;
    }

    /**
     * The next record the server sent (without its separator), or {@code null} after {@code timeout}.
     * A server close shows as {@code CLOSE <status>}.
     */
    public @Nullable String nextRecord(Duration timeout) throws InterruptedException {
        return listener.records.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next invocation record, skipping pings, or {@code null} after {@code timeout} or a close. */
    public @Nullable Invocation nextInvocation(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String record = listener.records.poll(left, TimeUnit.NANOSECONDS);
            if (record == null || record.startsWith("CLOSE")) {
                return null;
            }
            JsonNode json = JSON.readTree(record);
            if (json.path("type").asInt(0) == 1) {
                return new Invocation(
                        json.path("target").asString(), json.path("arguments").toString());
            }
        }
        return null;
    }

    /** Every invocation that arrives within {@code window}. */
    public List<Invocation> invocationsWithin(Duration window) throws InterruptedException {
        List<Invocation> invocations = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        for (long left = window.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Invocation invocation = nextInvocation(Duration.ofNanos(left));
            if (invocation == null) {
                break;
            }
            invocations.add(invocation);
        }
        return invocations;
    }

    /** Whether the socket is still open in both directions. */
    public boolean isOpen() {
        return !socket.isInputClosed() && !socket.isOutputClosed();
    }

    /** Sends the close record and closes the socket. */
    @Override
    public void close() {
        if (keepAlive != null) {
            keepAlive.interrupt();
        }
        if (!socket.isOutputClosed()) {
            try {
                listener.send(socket, CLOSE);
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // already closing: nothing more to say
            }
        }
        socket.abort();
    }

    private void pingEvery(Duration interval) {
        try {
            while (!socket.isOutputClosed()) {
                Thread.sleep(interval.toMillis());
                listener.send(socket, PING);
            }
        } catch (InterruptedException | RuntimeException e) {
            // closed, or the socket is gone: the test sees the close record
        }
    }

    /** Settings of a {@link HubClient}. */
    public static final class Builder {

        private @Nullable HttpClient http;
        private boolean tokenInQuery;
        private Duration keepAliveInterval = Duration.ofSeconds(15);
        private final Map<String, String> negotiateHeaders = new LinkedHashMap<>();
        private Consumer<String> recordListener = record -> {};

        private Builder() {}

        /** The HTTP client to share between many connections; a new one by default. */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** Puts the token in {@code &access_token=} as browsers do, instead of the header as Node does. */
        public Builder tokenInQuery(boolean tokenInQuery) {
            this.tokenInQuery = tokenInQuery;
            return this;
        }

        /** How often a ping record is sent; {@code null} or zero for none; 15 s by default. */
        public Builder keepAliveInterval(Duration keepAliveInterval) {
            this.keepAliveInterval = keepAliveInterval;
            return this;
        }

        /**
         * Called with each record as it arrives (on the socket's thread, before it is queued), e.g. to
         * time deliveries; nothing by default.
         */
        public Builder recordListener(Consumer<String> recordListener) {
            this.recordListener = Objects.requireNonNull(recordListener, "recordListener");
            return this;
        }

        /** A header sent on the first negotiate (e.g. the visitor id, or {@code Cookie}). */
        public Builder negotiateHeader(String name, String value) {
            negotiateHeaders.put(name, value);
            return this;
        }

        /**
         * Connects through a negotiate endpoint at {@code baseUrl} (its query is kept), as the JS
         * client's {@code withUrl(baseUrl)} does.
         *
         * @throws HubClientException when a step is refused, with its status
         */
        public HubClient connect(URI baseUrl) throws IOException, InterruptedException {
            HttpClient client = client();
            JsonNode first = negotiate(client, negotiateUrl(baseUrl), null, negotiateHeaders, "negotiate");
            if (first.hasNonNull("url") && first.hasNonNull("accessToken")) {
                return connect(
                        client,
                        first.get("url").asString(),
                        first.get("accessToken").asString());
            }
            throw new HubClientException("negotiate", 200, "the reply has no url and accessToken: " + first);
        }

        /**
         * Connects with a negotiate response already in hand (e.g. from the plugin's
         * {@code tokens.json}): the service's negotiate, the socket, the handshake.
         */
        public HubClient connect(String clientUrl, String accessToken) throws IOException, InterruptedException {
            return connect(client(), clientUrl, accessToken);
        }

        private HubClient connect(HttpClient client, String clientUrl, String accessToken)
                throws IOException, InterruptedException {
            URI url = URI.create(clientUrl);
            JsonNode service = negotiate(client, negotiateUrl(url), accessToken, Map.of(), "service negotiate");
            String connectionToken = service.path("connectionToken").asString(null);
            if (connectionToken == null) {
                throw new HubClientException("service negotiate", 200, "the reply has no connectionToken");
            }
            String ws = clientUrl.replaceFirst("^http", "ws") + (clientUrl.contains("?") ? "&" : "?") + "id="
                    + connectionToken;
            WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(STEP_TIMEOUT);
            if (tokenInQuery) {
                ws += "&access_token=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8);
            } else {
                builder.header("Authorization", "Bearer " + accessToken);
            }
            Listener listener = new Listener(recordListener);
            WebSocket socket;
            try {
                socket = builder.buildAsync(URI.create(ws), listener).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    throw new HubClientException(
                            "connect",
                            refused.getResponse().statusCode(),
                            String.valueOf(refused.getResponse().body()));
                }
                throw new HubClientException("connect", 0, String.valueOf(e.getCause()));
            }
            listener.send(socket, HANDSHAKE);
            String reply = listener.records.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!"{}".equals(reply)) {
                socket.abort();
                throw new HubClientException("handshake", 0, String.valueOf(reply));
            }
            return new HubClient(
                    socket,
                    listener,
                    service.path("connectionId").asString(null),
                    keepAliveInterval == null || keepAliveInterval.isZero() ? null : keepAliveInterval);
        }

        private HttpClient client() {
            return http != null
                    ? http
                    : HttpClient.newBuilder().connectTimeout(STEP_TIMEOUT).build();
        }

        private static JsonNode negotiate(
                HttpClient client, URI url, @Nullable String accessToken, Map<String, String> headers, String step)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(STEP_TIMEOUT)
                    .header("X-Requested-With", "XMLHttpRequest")
                    .POST(HttpRequest.BodyPublishers.noBody());
            headers.forEach(request::header);
            if (accessToken != null) {
                request.header("Authorization", "Bearer " + accessToken);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new HubClientException(step, response.statusCode(), response.body());
            }
            return JSON.readTree(response.body());
        }

        /** {@code <path>/negotiate?<query>&negotiateVersion=1}, as the JS client builds it. */
        static URI negotiateUrl(URI base) {
            String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
            path += path.endsWith("/") ? "negotiate" : "/negotiate";
            String query = base.getRawQuery() == null ? "" : base.getRawQuery() + "&";
            return URI.create(
                    base.getScheme() + "://" + base.getRawAuthority() + path + "?" + query + "negotiateVersion=1");
        }
    }

    /** Splits messages into records; one outstanding send at a time. */
    private static final class Listener implements WebSocket.Listener {

        final BlockingQueue<String> records = new LinkedBlockingQueue<>();
        private final StringBuilder buffer = new StringBuilder();
        private final Consumer<String> recordListener;

        Listener(Consumer<String> recordListener) {
            this.recordListener = recordListener;
        }

        synchronized void send(WebSocket socket, String record) {
            socket.sendText(record, true).join();
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                int start = 0;
                for (int i = 0; i < buffer.length(); i++) {
                    if (buffer.charAt(i) == RS) {
                        String record = buffer.substring(start, i);
                        recordListener.accept(record);
                        records.add(record);
                        start = i + 1;
                    }
                }
                if (start != buffer.length()) {
                    records.add("BROKEN a record split across messages: " + buffer.substring(start));
                }
                buffer.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            records.add("CLOSE " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            records.add("CLOSE error " + error);
        }
    }
}
