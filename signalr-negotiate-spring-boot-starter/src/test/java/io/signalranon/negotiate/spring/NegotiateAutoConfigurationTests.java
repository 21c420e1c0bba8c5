package io.signalranon.negotiate.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.signalranon.client.NegotiateResponse;
import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.RateLimit;
import io.signalranon.negotiate.UserIdSource;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.servlet.NegotiateServlet;
import io.signalranon.negotiate.token.AccessKeyTokenIssuer;
import io.signalranon.negotiate.token.ClientTokenIssuer;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class NegotiateAutoConfigurationTests {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NegotiateAutoConfiguration.class))
            .withPropertyValues("signalr.negotiate.connection-string=" + NegotiateContract.CONNECTION_STRING);

    @Test
    void servesTheEndpointAtItsPathWithTheDefaultsOfNegotiateJson() {
        web.withUserConfiguration(Keys.class).run(context -> {
            // then
            NegotiateSettings settings =
                    context.getBean(NegotiateEndpoint.class).settings();
            assertThat(settings).isEqualTo(NegotiateSettings.defaults("offers"));
            ServletRegistrationBean<?> registration = context.getBean(ServletRegistrationBean.class);
            assertThat(registration.getServlet()).isInstanceOf(NegotiateServlet.class);
            assertThat(registration.getUrlMappings()).containsExactly("/api/negotiate");
            assertThat(context.getBean(ClientTokenIssuer.class)).isInstanceOf(AccessKeyTokenIssuer.class);
        });
    }

    @Test
    void bindsEverySettingOfNegotiateJsonFromProperties() {
        web.withUserConfiguration(Keys.class)
                .withPropertyValues(
                        "signalr.negotiate.hub=Offers",
                        "signalr.negotiate.route=shop/negotiate",
                        "signalr.negotiate.user-id.name=__Host-sa_vid",
                        "signalr.negotiate.allowed-origins=https://shop.example,https://www.shop.example",
                        "signalr.negotiate.token-lifetime=15m",
                        "signalr.negotiate.visitor-cookie-max-age=30d",
                        "signalr.negotiate.rate-limit.per-second=2.5",
                        "signalr.negotiate.rate-limit.burst=5")
                .run(context -> {
                    // then
                    assertThat(context.getBean(NegotiateEndpoint.class).settings())
                            .isEqualTo(new NegotiateSettings(
                                    "Offers",
                                    "shop/negotiate",
                                    new UserIdSource(UserIdSource.Kind.SIGNED_COOKIE, "__Host-sa_vid"),
                                    Set.of("https://shop.example", "https://www.shop.example"),
                                    Duration.ofMinutes(15),
                                    Duration.ofDays(30),
                                    new RateLimit(2.5, 5)));
                    assertThat(context.getBean(ServletRegistrationBean.class).getUrlMappings())
                            .containsExactly("/api/shop/negotiate");
                });
    }

    @Test
    void backsOffForTheApplicationsOwnBeans() {
        ClientTokenIssuer own = (hub, user, lifetime) -> new NegotiateResponse("https://x/client/?hub=offers", "t");
        web.withUserConfiguration(Keys.class)
                .withBean("ownIssuer", ClientTokenIssuer.class, () -> own)
                .withBean(
                        "negotiateServletRegistration",
                        ServletRegistrationBean.class,
                        () -> new ServletRegistrationBean<>(new jakarta.servlet.http.HttpServlet() {}, "/elsewhere"))
                .run(context -> {
                    // then
                    assertThat(context.getBean(ClientTokenIssuer.class)).isSameAs(own);
                    assertThat(context.getBean(ServletRegistrationBean.class).getUrlMappings())
                            .containsExactly("/elsewhere");
                });
    }

    @Test
    void isOffWhenDisabledAndServesNoServletOutsideAWebApplication() {
        web.withUserConfiguration(Keys.class)
                .withPropertyValues("signalr.negotiate.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(NegotiateEndpoint.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NegotiateAutoConfiguration.class))
                .withUserConfiguration(Keys.class)
                .withPropertyValues("signalr.negotiate.connection-string=" + NegotiateContract.CONNECTION_STRING)
                .run(context -> {
                    assertThat(context).hasSingleBean(NegotiateEndpoint.class);
                    assertThat(context).doesNotHaveBean(ServletRegistrationBean.class);
                });
    }

    @Test
    void neverStartsWithoutVisitorKeysForSignedCookies() {
        assumeTrue(
                System.getenv(VisitorKeys.ENVIRONMENT_VARIABLE) == null
                        && System.getenv(VisitorKeys.FILE_ENVIRONMENT_VARIABLE) == null,
                "visitor keys are set in this environment");
        web.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("needs visitor keys: set SIGNALR_ANON_VISITOR_KEYS"));
    }

    @Test
    void refusesTokensOfMoreThanADayAndAMissingConnectionString() {
        web.withUserConfiguration(Keys.class)
                .withPropertyValues("signalr.negotiate.token-lifetime=30d")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("from 1 to 86400 (24 hours)"));
        assumeTrue(System.getenv("SIGNALR_CONNECTION_STRING") == null
                && System.getenv("AzureSignalRConnectionString") == null);
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NegotiateAutoConfiguration.class))
                .withUserConfiguration(Keys.class)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("negotiate has no connection string: set SIGNALR_CONNECTION_STRING"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Keys {
        @Bean
        VisitorKeys visitorKeys() {
            return VisitorKeys.parse(NegotiateContract.VISITOR_KEYS);
        }
    }
}
