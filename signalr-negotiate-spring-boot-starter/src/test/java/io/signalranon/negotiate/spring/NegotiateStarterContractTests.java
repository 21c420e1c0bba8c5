package io.signalranon.negotiate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.contract.HttpNegotiateTarget;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.contract.NegotiateTarget;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The contract against a small Spring MVC application (Tomcat, real HTTP) that only adds the starter. */
class NegotiateStarterContractTests extends NegotiateContract {

    @Override
    protected NegotiateTarget start(String negotiateJson, String visitorKeys) {
        NegotiateSettings settings = NegotiateSettings.parse(negotiateJson);
        ConfigurableApplicationContext app = shop(settings, visitorKeys);
        return new HttpNegotiateTarget(URI.create(base(app) + settings.path()), app);
    }

    @Test
    void theApplicationsOwnControllersStillServeBesideNegotiate() throws Exception {
        // given
        try (ConfigurableApplicationContext app = shop(NegotiateSettings.parse(NEGOTIATE_JSON), VISITOR_KEYS)) {
            // when
            HttpResponse<String> hello = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base(app) + "/hello"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello");
        }
    }

    private static String base(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    /** The shop's application: its own controller, and the starter configured as a user would in application.properties. */
    private static ConfigurableApplicationContext shop(NegotiateSettings settings, String visitorKeys) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--logging.level.root=warn",
                "--signalr.negotiate.connection-string=" + CONNECTION_STRING,
                "--signalr.negotiate.hub=" + settings.hub(),
                "--signalr.negotiate.route=" + settings.route(),
                "--signalr.negotiate.user-id.source=" + settings.userId().kind().label(),
                "--signalr.negotiate.user-id.name=" + settings.userId().name(),
                "--signalr.negotiate.allowed-origins=" + String.join(",", settings.allowedOrigins()),
                "--signalr.negotiate.token-lifetime=" + settings.tokenLifetime().toSeconds() + "s",
                "--signalr.negotiate.visitor-cookie-max-age="
                        + settings.cookieMaxAge().toSeconds() + "s",
                "--signalr.negotiate.rate-limit.per-second="
                        + settings.rateLimit().perSecond(),
                "--signalr.negotiate.rate-limit.burst=" + settings.rateLimit().burst()));
        SpringApplication application = new SpringApplication(ShopApplication.class);
        application.addInitializers(
                context -> context.getBeanFactory().registerSingleton("visitorKeys", VisitorKeys.parse(visitorKeys)));
        return application.run(args.toArray(String[]::new));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ShopApplication {

        @Bean
        HelloController helloController() {
            return new HelloController();
        }
    }

    @RestController
    static class HelloController {

        @GetMapping("/hello")
        String hello() {
            return "hello";
        }
    }
}
