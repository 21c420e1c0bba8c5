package io.signalranon.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.jspecify.annotations.Nullable;

/**
 * Reads a response into a {@link SendOutcome}: status, {@code x-ms-error-code} (else the body's
 * {@code code}), {@code Retry-After}, and the body's {@code message} for the reason. Reads at most
 * {@value #MAX_BODY} bytes of an error body; the client consumes the rest so the connection goes
 * back to the pool.
 */
final class OutcomeResponseHandler implements HttpClientResponseHandler<SendOutcome> {

    static final String ERROR_CODE_HEADER = "x-ms-error-code";
    static final int MAX_BODY = 4096;

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){0,200})\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){0,400})");

    private final OutcomeClassifier classifier;

    OutcomeResponseHandler(OutcomeClassifier classifier) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    @Override
    public SendOutcome handleResponse(ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        String errorCode = value(response.getFirstHeader(ERROR_CODE_HEADER));
        String retryAfter = value(response.getFirstHeader(HttpHeaders.RETRY_AFTER));
        HttpEntity entity = response.getEntity();
        if (status >= 200 && status < 300) {
            EntityUtils.consume(entity);
            return classifier.response(status, errorCode, retryAfter, null);
        }
        String body = head(entity);
        if (errorCode == null) {
            errorCode = group(CODE.matcher(body));
        }
        return classifier.response(status, errorCode, retryAfter, group(MESSAGE.matcher(body)));
    }

    /** The {@code message} of an error body, or {@code null}. */
    static @Nullable String message(String body) {
        return group(MESSAGE.matcher(body));
    }

    private static String head(@Nullable HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            return in == null ? "" : new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
    }

    private static @Nullable String value(@Nullable Header header) {
        return header == null ? null : header.getValue();
    }

    private static @Nullable String group(Matcher matcher) {
        return matcher.find() ? matcher.group(1) : null;
    }
}
