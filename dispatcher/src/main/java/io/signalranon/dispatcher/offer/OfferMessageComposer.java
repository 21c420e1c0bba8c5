package io.signalranon.dispatcher.offer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the JSON body of one user's offer message:
 * <pre>
 * {"target": "offers",
 *  "arguments": [{"messageId": "…", "userId": "…", "generatedAt": "2026-12-01T00:00:00Z",
 *                 "offers": [{"id": "cart-10", "placement": "hero", "content": {…}}]}]}
 * </pre>
 * {@code generatedAt} is the run's as-of instant in ISO-8601 UTC; {@code content} is the offer's
 * content as the catalog gives it; the offer list may be empty. An instance serves the offers of one
 * catalog: it renders each offer's JSON once, by offer id, and per message only quotes the user id.
 * Instances are thread-safe.
 */
public final class OfferMessageComposer {

    private static final JsonMapper MAPPER = JsonMapper.shared();
    private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

    /** The message up to the message id: {@code {"target":"…","arguments":[{"messageId":"}. */
    private final String head;

    /** Each offer's JSON rendered once: offer ids are unique within the catalog of a run. */
    private final Map<String, String> renderedOffers = new ConcurrentHashMap<>();

    /**
     * @param target the client method the message invokes ({@code dispatcher.signalr.target})
     */
    public OfferMessageComposer(String target) {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("target must not be empty");
        }
        StringBuilder head = new StringBuilder("{\"target\":");
        quoted(head, target);
        this.head = head.append(",\"arguments\":[{\"messageId\":\"").toString();
    }

    /**
     * @param jobInstanceId the id of the job instance that sends the message
     * @param userId the SignalR user id
     * @param asOf the run's as-of instant
     * @param offers the offers decided for the user, in decision order
     * @return the message with its id and JSON body
     */
    public OfferMessage compose(long jobInstanceId, String userId, Instant asOf, List<ChosenOffer> offers) {
        UUID messageId = messageId(
                jobInstanceId, userId, offers.stream().map(ChosenOffer::offerId).toList());
        StringBuilder body =
                new StringBuilder(1024).append(head).append(messageId).append("\",\"userId\":");
        quoted(body, userId);
        body.append(",\"generatedAt\":\"").append(asOf).append("\",\"offers\":[");
        for (int i = 0; i < offers.size(); i++) {
            ChosenOffer offer = offers.get(i);
            body.append(i == 0 ? "" : ",").append(renderedOffers.computeIfAbsent(offer.offerId(), id -> render(offer)));
        }
        body.append("]}]}");
        return new OfferMessage(messageId, userId, body.toString());
    }

    private static String render(ChosenOffer offer) {
        StringBuilder json = new StringBuilder("{\"id\":");
        quoted(json, offer.offerId());
        json.append(",\"placement\":");
        quoted(json, offer.placement());
        return json.append(",\"content\":")
                .append(MAPPER.writeValueAsString(offer.content()))
                .append('}')
                .toString();
    }

    private static void quoted(StringBuilder json, String value) {
        json.append('"');
        QUOTE.quoteAsString(value, json);
        json.append('"');
    }

    /**
     * Computes the message id of (job instance, user, offers), the same on every attempt so that a page
     * can drop a message delivered twice after a restart. The id is an RFC 9562 version 8 UUID: the
     * first 16 bytes of SHA-256 over a canonical name, with the version nibble set to {@code 8} and
     * the variant bits to {@code 10}. The canonical name is the concatenation of netstrings
     * ({@code <length of the UTF-8 bytes in decimal>:<UTF-8 bytes>,}) of the job instance id in
     * decimal, the user id, then each offer id in order; for example job instance 7, user
     * {@code u-1} and offers {@code cart-10}, {@code welcome} give
     * {@code 1:7,3:u-1,7:cart-10,7:welcome,}.
     * @param jobInstanceId the job instance id
     * @param userId the SignalR user id
     * @param offerIds the offer ids of the message, in order
     * @return the message id
     */
    public static UUID messageId(long jobInstanceId, String userId, List<String> offerIds) {
        MessageDigest digest = sha256();
        netstring(digest, Long.toString(jobInstanceId));
        netstring(digest, userId);
        for (String offerId : offerIds) {
            netstring(digest, offerId);
        }
        ByteBuffer hash = ByteBuffer.wrap(digest.digest());
        long high = (hash.getLong() & ~0xF000L) | 0x8000L;
        long low = (hash.getLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low);
    }

    private static void netstring(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
        digest.update((byte) ',');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
        }
    }
}
