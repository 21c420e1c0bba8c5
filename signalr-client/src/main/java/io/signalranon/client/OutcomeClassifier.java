package io.signalranon.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.utils.DateUtils;
import org.jspecify.annotations.Nullable;

/**
 * Turns what came back from one REST call into a {@link SendOutcome}.
 *
 * <ul>
 *   <li>2xx: {@link SendOutcome.Kind#DELIVERED};</li>
 *   <li>no response (I/O error, timeout; status 0), 408, 429 and 5xx:
 *       {@link SendOutcome.Kind#RETRYABLE}, with {@code Retry-After} parsed as seconds or HTTP-date;</li>
 *   <li>everything else (400, 401, 403, 404, 413, other 4xx, 1xx and 3xx): {@link SendOutcome.Kind#PERMANENT}.</li>
 * </ul>
 * Note that a 500 may mean the message went through; the caller's retry can then duplicate it.
 * Reasons are short and never contain a token. Instances are immutable and thread-safe.
 */
public final class OutcomeClassifier {

    private static final int MAX_REASON = 160;
    private static final Pattern JWT_LIKE = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]+");

    private final Clock clock;

    public OutcomeClassifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The outcome of a response.
     *
     * @param status the HTTP status
     * @param errorCode the {@code x-ms-error-code} header, or {@code null}
     * @param retryAfter the raw {@code Retry-After} header, or {@code null}
     * @param detail a message from the response body, or {@code null}
     */
    public SendOutcome response(
            int status, @Nullable String errorCode, @Nullable String retryAfter, @Nullable String detail) {
        String reason = reason("HTTP " + status, detail);
        if (status >= 200 && status < 300) {
            return new SendOutcome(SendOutcome.Kind.DELIVERED, status, errorCode, reason, null);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new SendOutcome(SendOutcome.Kind.RETRYABLE, status, errorCode, reason, retryAfter(retryAfter));
        }
        return new SendOutcome(SendOutcome.Kind.PERMANENT, status, errorCode, reason, null);
    }

    /** The outcome of a call that got no response: retryable, status 0. */
    public SendOutcome noResponse(Exception failure) {
        String type = failure.getClass().getSimpleName();
        return new SendOutcome(
                SendOutcome.Kind.RETRYABLE, 0, null, reason("no response: " + type, failure.getMessage()), null);
    }

    /** The outcome of a call that could not be made for want of an Entra ID token: retryable, status 0. */
    public SendOutcome noToken(EntraTokenException failure) {
        return new SendOutcome(
                SendOutcome.Kind.RETRYABLE, 0, null, reason("no Entra ID token", failure.getMessage()), null);
    }

    /**
     * Parses a {@code Retry-After} value: a non-negative number of seconds or an HTTP-date (a date
     * in the past gives zero). Returns {@code null} when absent or unreadable.
     */
    public @Nullable Duration retryAfter(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(trimmed));
            } catch (NumberFormatException tooLarge) {
                return null;
            }
        }
        Instant at = DateUtils.parseStandardDate(trimmed);
        if (at == null) {
            return null;
        }
        Duration delay = Duration.between(clock.instant(), at);
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    private static String reason(String head, @Nullable String detail) {
        if (detail == null || detail.isBlank()) {
            return head;
        }
        String clean = CONTROL.matcher(JWT_LIKE.matcher(detail).replaceAll("<token>"))
                .replaceAll(" ")
                .trim();
        String reason = head + ": " + clean;
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
