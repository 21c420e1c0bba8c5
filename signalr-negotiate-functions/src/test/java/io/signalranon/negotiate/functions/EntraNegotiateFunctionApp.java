package io.signalranon.negotiate.functions;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.net.URI;
import java.util.logging.Logger;

/**
 * A function app's worker, started in a JVM of its own by {@link EntraNegotiateFunctionTests}
 * (azure-identity reads the managed identity endpoint from the process environment): it builds the
 * shared handler, answers one negotiate with the visitor cookie of {@value #COOKIE_VARIABLE} and prints
 * {@code negotiated <status> <body>}; a handler that cannot be built prints {@code not built: <message>}
 * and exits with 3.
 */
public final class EntraNegotiateFunctionApp {

    /** The environment variable with the request's {@code Cookie} header. */
    static final String COOKIE_VARIABLE = "TEST_NEGOTIATE_COOKIE";

    private EntraNegotiateFunctionApp() {}

    public static void main(String[] args) {
        NegotiateFunctionHandler handler;
        try {
            handler = NegotiateFunctionHandler.shared(Logger.getLogger("negotiate"));
        } catch (IllegalStateException e) {
            System.out.println("not built: " + e.getMessage());
            System.exit(3);
            return;
        }
        HttpResponseMessage response = handler.handle(
                new FakeHttpRequestMessage(HttpMethod.POST, URI.create("https://shop.azurewebsites.net/api/negotiate"))
                        .header("X-Forwarded-For", "203.0.113.9")
                        .header("Cookie", System.getenv(COOKIE_VARIABLE)));
        System.out.println("negotiated " + response.getStatus().value() + " " + response.getBody());
    }
}
