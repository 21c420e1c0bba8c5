package io.signalranon.negotiate.spring;

import io.signalranon.client.ConnectionString;
import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.servlet.NegotiateServlet;
import io.signalranon.negotiate.token.ClientTokenIssuer;
import io.signalranon.negotiate.token.ClientTokenIssuers;
import io.signalranon.negotiate.visitor.VisitorKeys;
import jakarta.servlet.Servlet;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Serves the anonymous negotiate endpoint at {@code /api/<route>} of a servlet web application, with
 * the same checks as every other form of it (origin allowlist, signed visitor cookie, rate limit per
 * client address, short-lived tokens). Every bean can be replaced by one of the application's own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "signalr.negotiate.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NegotiateProperties.class)
public class NegotiateAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(NegotiateAutoConfiguration.class);
    /** The Entra ID credentials of {@code signalr-client-entra}. */
    private static final String ENTRA_CREDENTIALS = "io.signalranon.client.entra.AzureIdentityCredentials";

    /** The settings from {@code signalr.negotiate.*}. */
    @Bean
    @ConditionalOnMissingBean
    NegotiateSettings negotiateSettings(NegotiateProperties properties) {
        return properties.toSettings();
    }

    /**
     * Signs client tokens for the connection string of {@code SIGNALR_CONNECTION_STRING}, else
     * {@code AzureSignalRConnectionString}, else {@code signalr.negotiate.connection-string}; with an
     * Entra ID connection string, as {@code SIGNALR_ANON_ENTRA_CLIENT_TOKENS} says; that needs the
     * library {@code signalr-client-entra} on the class path, else the start stops with
     * {@link EntraLibraryMissingException}.
     */
    @Bean
    @ConditionalOnMissingBean
    ClientTokenIssuer negotiateClientTokenIssuer(
            Environment environment, NegotiateProperties properties, ResourceLoader resourceLoader) {
        ConnectionString connection = ClientTokenIssuers.connectionStringFrom(environment::getProperty)
                .or(() -> java.util.Optional.ofNullable(properties.connectionString())
                        .filter(value -> !value.isBlank())
                        .map(ConnectionString::parse))
                .orElseThrow(() -> new IllegalStateException("negotiate has no connection string: set "
                        + String.join(" or ", ClientTokenIssuers.CONNECTION_STRING_VARIABLES)
                        + ", or signalr.negotiate.connection-string"));
        if (connection.usesEntra() && !ClassUtils.isPresent(ENTRA_CREDENTIALS, resourceLoader.getClassLoader())) {
            throw new EntraLibraryMissingException(
                    Objects.requireNonNull(connection.entra()).authType().label());
        }
        String entra = environment.getProperty(ClientTokenIssuers.ENTRA_CLIENT_TOKENS_VARIABLE);
        return ClientTokenIssuers.forConnectionString(
                connection,
                entra == null || entra.isBlank()
                        ? ClientTokenIssuers.EntraClientTokens.TEMPORARY_KEY
                        : ClientTokenIssuers.EntraClientTokens.of(entra));
    }

    /**
     * The endpoint, with the application's {@link VisitorKeys} bean if it has one, else the keys of
     * the process environment ({@code SIGNALR_ANON_VISITOR_KEYS} or {@code SIGNALR_ANON_VISITOR_KEYS_FILE},
     * never a property): without keys, a signed-cookie endpoint stops the application at start.
     */
    @Bean
    @ConditionalOnMissingBean
    NegotiateEndpoint negotiateEndpoint(
            NegotiateSettings settings, ClientTokenIssuer tokens, ObjectProvider<VisitorKeys> keys) {
        VisitorKeys visitorKeys = keys.getIfAvailable(
                () -> VisitorKeys.fromEnvironment(System::getenv).orElse(null));
        NegotiateEndpoint endpoint = NegotiateEndpoint.builder(settings, tokens)
                .visitorKeys(visitorKeys)
                .build();
        endpoint.startWarnings().forEach(LOG::warn);
        return endpoint;
    }

    /** The servlet of the endpoint, at its path on the application's own port. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({Servlet.class, ServletRegistrationBean.class})
    static class NegotiateServletConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "negotiateServletRegistration")
        ServletRegistrationBean<NegotiateServlet> negotiateServletRegistration(NegotiateEndpoint endpoint) {
            ServletRegistrationBean<NegotiateServlet> registration = new ServletRegistrationBean<>(
                    new NegotiateServlet(endpoint), endpoint.settings().path());
            registration.setName("negotiate");
            return registration;
        }
    }
}
