package io.signalranon.client;

/**
 * A temporary access key of the service, as {@code GET /api/v1/auth/accessKey} hands it to an Entra
 * ID identity: client tokens signed with it name it in their {@code kid} header. The key never
 * appears in {@link #toString()}.
 *
 * @param keyId the key id ({@code KeyId})
 * @param accessKey the key ({@code AccessKey}); its UTF-8 bytes sign (HS256)
 */
public record TemporaryAccessKey(String keyId, String accessKey) {

    public TemporaryAccessKey {
        if (keyId == null || keyId.isEmpty() || accessKey == null || accessKey.isEmpty()) {
            throw new IllegalArgumentException("a temporary access key needs a KeyId and an AccessKey");
        }
    }

    @Override
    public String toString() {
        return "TemporaryAccessKey[keyId=" + keyId + ", accessKey=***]";
    }
}
