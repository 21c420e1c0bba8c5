package io.signalranon.dispatcher.offer;

import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JsonGenerator;
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
 * catalog: it renders each offer's content once, by offer id. Instances are thread-safe.
 */
public final class OfferMessageComposer {

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private final String target;

    /** Each offer's content rendered once: offer ids are unique within the catalog of a run. */
    private final Map<String, String> renderedContent = new ConcurrentHashMap<>();

    /**
     * @param target the client method the message invokes ({@code dispatcher.signalr.target})
     */
    public OfferMessageComposer(String target) {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("target must not be empty");
        }
        this.target = target;
    }

    /**
     * @param jobInstanceId the id of the job instance that sends the message
     * @param userId the SignalR user id
     * @param asOf the run's as-of instant
     * @param offers the offers decided for the user, in decision order
     * @return the message with its id and JSON body
     */
    public OfferMessage compose(long jobInstanceId, String userId, Instant asOf, List<ChosenOffer> offers) {
        UUID messageId = messageId(jobInstanceId, userId, offers.stream().map(ChosenOffer::offerId).toList());
        StringWriter body = new StringWriter(256);
        try (JsonGenerator json = MAPPER.createGenerator(body)) {
            json.writeStartObject();
            json.writeStringProperty("target", this.target);
            json.writeArrayPropertyStart("arguments");
            json.writeStartObject();
            json.writeStringProperty("messageId", messageId.toString());
            json.writeStringProperty("userId", userId);
            json.writeStringProperty("generatedAt", asOf.toString());
            json.writeArrayPropertyStart("offers");
            for (ChosenOffer offer : offers) {
                json.writeStartObject();
                json.writeStringProperty("id", offer.offerId());
                json.writeStringProperty("placement", offer.placement());
                json.writeName("content");
                json.writeRawValue(renderedContent.computeIfAbsent(offer.offerId(),
                        id -> MAPPER.writeValueAsString(offer.content())));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        }
        return new OfferMessage(messageId, userId, body.toString());
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
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
        }
    }

}
