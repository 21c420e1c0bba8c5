package io.signalranon.negotiate.spring;

import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateReply;
import io.signalranon.negotiate.NegotiateRequest;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * An application with the starter, started in a JVM of its own by {@link EntraNegotiateStarterTests}
 * (azure-identity reads the managed identity endpoint from the process environment): it answers one
 * negotiate with the visitor cookie of {@value #COOKIE_VARIABLE} and prints {@code negotiated <status> <body>}.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(NegotiateAutoConfiguration.class)
public class EntraNegotiateApp {

    /** The environment variable with the request's {@code Cookie} header. */
    static final String COOKIE_VARIABLE = "TEST_NEGOTIATE_COOKIE";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(EntraNegotiateApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = application.run(args)) {
            NegotiateReply reply = context.getBean(NegotiateEndpoint.class)
                    .handle(NegotiateRequest.builder("POST", "127.0.0.1")
                            .header("Cookie", System.getenv(COOKIE_VARIABLE))
                            .build());
            System.out.println("negotiated " + reply.status() + " " + reply.body());
        }
    }
}
