package io.signalranon.emulator.entra;

import io.signalranon.client.EntraCredential;
import io.signalranon.client.EntraToken;
import io.signalranon.client.EntraTokenException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks an App Service managed identity endpoint for tokens, as azure-identity does, over the JDK's
 * HTTP client (the tests of this module run without azure-identity); counts its calls.
 */
final class IdentityEndpointCredential implements EntraCredential {

    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static final Pattern EXPIRES = Pattern.compile("\"expires_on\":\"(\\d+)\"");

    private final String endpoint;
    private final String header;
    private final HttpClient http = HttpClient.newHttpClient();
    final AtomicInteger calls = new AtomicInteger();

    IdentityEndpointCredential(String endpoint, String header) {
        this.endpoint = endpoint;
        this.header = header;
    }

    /** The raw answer of the endpoint. */
    HttpResponse<String> ask(String resource, String headerValue) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(endpoint + "?resource=" + resource + "&api-version=2019-08-01"));
        if (headerValue != null) {
            request.header(ManagedIdentityHandler.IDENTITY_HEADER, headerValue);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public EntraToken fetch() {
        calls.incrementAndGet();
        try {
            HttpResponse<String> response = ask("https://signalr.azure.com", header);
            Matcher token = TOKEN.matcher(response.body());
            Matcher expires = EXPIRES.matcher(response.body());
            if (response.statusCode() != 200 || !token.find() || !expires.find()) {
                throw new EntraTokenException("identity endpoint answered " + response.statusCode());
            }
            return new EntraToken(token.group(1), Instant.ofEpochSecond(Long.parseLong(expires.group(1))));
        } catch (IOException e) {
            throw new EntraTokenException("identity endpoint unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EntraTokenException("interrupted");
        }
    }

    @Override
    public String describe() {
        return "the test identity endpoint " + endpoint;
    }
}
