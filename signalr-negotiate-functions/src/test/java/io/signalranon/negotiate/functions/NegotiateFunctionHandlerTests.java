package io.signalranon.negotiate.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.signalranon.negotiate.contract.NegotiateContract;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NegotiateFunctionHandlerTests {

    @TempDir
    Path dir;

    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger log = recordingLogger(logged);

    /** A logger as the Functions host gives, that keeps what it is given. */
    private static Logger recordingLogger(List<LogRecord> records) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        return logger;
    }

    private Map<String, String> environment(String negotiateJson) throws Exception {
        Path file = dir.resolve("negotiate.json");
        Files.writeString(file, negotiateJson);
        return Map.of(
                NegotiateFunctionHandler.SETTINGS_VARIABLE,
                file.toString(),
                "AzureSignalRConnectionString",
                NegotiateContract.CONNECTION_STRING,
                "SIGNALR_ANON_VISITOR_KEYS",
                NegotiateContract.VISITOR_KEYS);
    }

    private static FakeHttpRequestMessage post(String forwardedFor) {
        return new FakeHttpRequestMessage(HttpMethod.POST, URI.create("https://shop.azurewebsites.net/api/negotiate"))
                .header("X-Forwarded-For", forwardedFor);
    }

    @Test
    void readsItsSettingsFileAndTheFunctionsConnectionStringSetting() throws Exception {
        // given
        NegotiateFunctionHandler handler = NegotiateFunctionHandler.fromEnvironment(
                environment("{\"hub\": \"Offers\", \"route\": \"negotiate\", \"tokenLifetimeSeconds\": 600}")::get,
                log);

        // when
        HttpResponseMessage response = handler.handle(post("203.0.113.7:51324"));

        // then
        assertThat(handler.endpoint().settings().tokenLifetime()).hasSeconds(600);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeader("Set-Cookie")).startsWith("sa_vid=v1.");
        assertThat(response.getBody().toString()).contains("\"url\":\"http://localhost:8888/client/?hub=offers\"");
    }

    @Test
    void rateLimitsByTheAddressTheFrontEndAppendedNotByOneTheClientWrote() throws Exception {
        // given
        NegotiateFunctionHandler handler = NegotiateFunctionHandler.fromEnvironment(
                environment("{\"hub\": \"offers\", \"rateLimit\": {\"perSecond\": 0.1, \"burst\": 1}}")::get, log);

        // when
        int first = handler.handle(post("198.51.100.1, 203.0.113.7:51324")).getStatusCode();
        int spoofed = handler.handle(post("198.51.100.2, 203.0.113.7:40000")).getStatusCode();
        int other = handler.handle(post("[2001:db8::1]:443")).getStatusCode();

        // then
        assertThat(first).isEqualTo(200);
        assertThat(spoofed).isEqualTo(429);
        assertThat(other).isEqualTo(200);
    }

    @Test
    void logsTheStartWarningsOnceWhenTheSharedHandlerIsFirstBuilt() throws Exception {
        // given
        NegotiateFunctionHandler.Shared shared = new NegotiateFunctionHandler.Shared(environment(
                "{\"hub\": \"offers\", \"userId\": {\"source\": \"header\", \"name\": \"x-visitor\"}}")::get);

        // when
        NegotiateFunctionHandler first = shared.get(log);
        NegotiateFunctionHandler second = shared.get(log);
        first.handle(post("203.0.113.7:51324"));

        // then
        assertThat(second).isSameAs(first);
        assertThat(logged).allSatisfy(record -> assertThat(record.getLevel()).isEqualTo(Level.WARNING));
        assertThat(logged)
                .extracting(LogRecord::getMessage)
                .containsExactly(
                        "signalr-negotiate: negotiate takes the visitor id from the header x-visitor: any caller can"
                                + " claim any visitor id and receive that visitor's offers; use userId.source"
                                + " signed-cookie",
                        "signalr-negotiate: " + first.endpoint().startWarnings().get(1));
        assertThat(logged.get(1).getMessage()).contains("allowedOrigins is empty");
    }

    @Test
    void aSignedCookieAndAnAllowedOriginLogNothing() throws Exception {
        // when
        NegotiateFunctionHandler.fromEnvironment(
                environment("{\"hub\": \"offers\", \"allowedOrigins\": [\"https://shop.example\"]}")::get, log);

        // then
        assertThat(logged).isEmpty();
    }

    @Test
    void aKeyInNegotiateJsonFailsTheInvocationWithoutShowingIt() throws Exception {
        // given
        Map<String, String> keyInFile = environment("{\"hub\": \"offers\", \"accessKey\": \"bm90LWEtcmVhbC1rZXk=\"}");

        // when / then
        assertThatThrownBy(() -> NegotiateFunctionHandler.fromEnvironment(keyInFile::get, log))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown member 'accessKey': keys never belong in negotiate.json")
                .hasMessageNotContaining("bm90LWEtcmVhbC1rZXk");
    }

    @Test
    void withoutVisitorKeysOrSettingsTheInvocationFailsSayingWhatIsMissing() throws Exception {
        // given
        Map<String, String> noKeys = new java.util.HashMap<>(environment("{\"hub\": \"offers\"}"));
        noKeys.remove("SIGNALR_ANON_VISITOR_KEYS");

        // when / then
        assertThatThrownBy(() -> NegotiateFunctionHandler.fromEnvironment(noKeys::get, log))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs visitor keys: set SIGNALR_ANON_VISITOR_KEYS");
        assertThatThrownBy(() -> NegotiateFunctionHandler.fromEnvironment(Map.<String, String>of()::get, log))
                .hasMessageContaining("no negotiate settings: put negotiate.json on the class path");
    }

    @Test
    void theFunctionIsAnAnonymousHttpTriggerForPostAndThePreflight() throws Exception {
        // when
        Method method = NegotiateFunction.class.getMethod(
                "negotiate", com.microsoft.azure.functions.HttpRequestMessage.class, ExecutionContext.class);
        HttpTrigger trigger = (HttpTrigger) method.getParameterAnnotations()[0][0];

        // then
        assertThat(method.getAnnotation(FunctionName.class).value()).isEqualTo("negotiate");
        assertThat(trigger.methods()).containsExactly(HttpMethod.POST, HttpMethod.OPTIONS);
        assertThat(trigger.authLevel()).isEqualTo(AuthorizationLevel.ANONYMOUS);
        assertThat(trigger.route()).isEqualTo("negotiate");
    }
}
