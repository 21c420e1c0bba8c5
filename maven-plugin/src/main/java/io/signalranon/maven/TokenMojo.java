package io.signalranon.maven;

import io.signalranon.client.AuthEndpointException;
import io.signalranon.maven.connection.ConnectionStringResolver;
import io.signalranon.maven.connection.ResolvedConnection;
import io.signalranon.maven.connection.TestTokenSigner;
import io.signalranon.maven.negotiate.GeneratedConfig;
import io.signalranon.maven.negotiate.InvalidSettingException;
import io.signalranon.maven.negotiate.IssuedToken;
import io.signalranon.maven.negotiate.NegotiateConfigGenerator;
import io.signalranon.maven.negotiate.NegotiateSettings;
import io.signalranon.maven.negotiate.TestUsers;
import io.signalranon.maven.negotiate.TokenLifetime;
import io.signalranon.maven.negotiate.UserIdSource;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.jspecify.annotations.Nullable;

/**
 * Writes the negotiate configuration of an anonymous SignalR negotiate endpoint and short-lived
 * test client tokens: {@code negotiate.json} (for endpoints on signalr-negotiate: the emulator, a
 * service, a starter, a Functions handler), {@code tokens.json} (with a signed visitor cookie per
 * test user when {@code SIGNALR_ANON_VISITOR_KEYS} is in the build's environment) and, only for an
 * explicit header or query source, {@code negotiate/function.json} (a script Azure Function that
 * trusts the caller's id), under the output directory, and sets the project properties
 * {@code signalr-anon.url} and {@code signalr-anon.token.<userId>} for later plugins and tests of
 * the same build.
 *
 * <p>The connection string signs the test tokens and never appears in an output or the log. It is
 * taken from, first match wins: the property {@code signalr-anon.connectionString} (user, system or
 * project property; deliberately not a plugin parameter, so that {@code mvn -X} never prints it),
 * the password of the settings.xml server named by {@code serverId}, the environment variable named
 * by {@code connectionStringEnv}; with none of them, the local emulator's connection string, and the
 * tokens are for local use only.
 */
@Mojo(name = "token", defaultPhase = LifecyclePhase.GENERATE_TEST_RESOURCES, threadSafe = true)
public class TokenMojo extends AbstractMojo {

    private static final String PREFIX = "signalr-anon.";

    /** Skips the goal. */
    @Parameter(property = PREFIX + "skip", defaultValue = "false")
    private boolean skip;

    /** The SignalR hub the tokens and the negotiate configuration are for. */
    @Parameter(property = PREFIX + "hub", defaultValue = NegotiateSettings.DEFAULT_HUB)
    private String hub;

    /**
     * The test user ids that get a token (comma-separated on the command line; each 1 to 128 ASCII
     * letters, digits and {@code -_.:@~+=}).
     */
    @Parameter(property = PREFIX + "userIds", defaultValue = TestUsers.DEFAULT)
    private List<String> userIds;

    /**
     * The lifetime of the test tokens and of tokens described in negotiate.json, as an ISO-8601
     * duration ({@code PT1H}, {@code PT15M}) or a number of seconds, from 1 second to 24 hours.
     */
    @Parameter(property = PREFIX + "lifetime", defaultValue = TokenLifetime.DEFAULT)
    private String lifetime;

    /**
     * Where the negotiate endpoint gets the visitor's user id: {@code signed-cookie:<name>} (a cookie
     * the endpoint signs; the only source a caller cannot forge), or {@code header:<name>},
     * {@code query:<name>}, {@code cookie:<name>}, with which any caller can claim any visitor id
     * (only header and query write a function.json).
     */
    @Parameter(property = PREFIX + "userIdSource", defaultValue = UserIdSource.DEFAULT)
    private String userIdSource;

    /**
     * The exact origins ({@code https://shop.example}) whose pages may call the negotiate endpoint
     * (comma-separated on the command line); none by default.
     */
    @Parameter(property = PREFIX + "allowedOrigins")
    private @Nullable List<String> allowedOrigins;

    /** Negotiates allowed per client address and second, on average. */
    @Parameter(property = PREFIX + "rateLimitPerSecond", defaultValue = "10")
    private double rateLimitPerSecond;

    /** Negotiates allowed per client address at once. */
    @Parameter(property = PREFIX + "rateLimitBurst", defaultValue = "20")
    private int rateLimitBurst;

    /** The HTTP route of the negotiate function; its last segment must be {@code negotiate}. */
    @Parameter(property = PREFIX + "route", defaultValue = NegotiateSettings.DEFAULT_ROUTE)
    private String route;

    /**
     * The app setting from which the deployed function reads the connection string (written to
     * function.json as {@code connectionStringSetting}).
     */
    @Parameter(
            property = PREFIX + "connectionStringSetting",
            defaultValue = NegotiateSettings.DEFAULT_CONNECTION_STRING_SETTING)
    private String connectionStringSetting;

    /**
     * The environment variable that holds the connection string, used when neither the property
     * {@code signalr-anon.connectionString} nor {@code serverId} is set.
     */
    @Parameter(
            property = PREFIX + "connectionStringEnv",
            defaultValue = ConnectionStringResolver.DEFAULT_ENVIRONMENT_VARIABLE)
    private String connectionStringEnv;

    /**
     * The id of a settings.xml server whose password (may be encrypted) is the connection string;
     * used when the property {@code signalr-anon.connectionString} is not set; no default.
     */
    @Parameter(property = PREFIX + "serverId")
    private @Nullable String serverId;

    /** The directory the outputs are written to. */
    @Parameter(property = PREFIX + "outputDirectory", defaultValue = "${project.build.directory}/signalr-anon")
    private File outputDirectory;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    private final SettingsDecrypter settingsDecrypter;

    @Inject
    public TokenMojo(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping signalr-anon:token (signalr-anon.skip=true)");
            return;
        }
        try {
            NegotiateSettings settings = new NegotiateSettings(
                    hub,
                    UserIdSource.parse(userIdSource),
                    route,
                    connectionStringSetting,
                    TokenLifetime.parse(lifetime),
                    trimmed(allowedOrigins),
                    NegotiateSettings.rateLimit(rateLimitPerSecond, rateLimitBurst));
            TestUsers users = new TestUsers(trimmed(userIds));
            ResolvedConnection connection = resolveConnection();
            Optional<VisitorKeys> visitorKeys = visitorKeys();
            NegotiateConfigGenerator generator = new NegotiateConfigGenerator(
                    TestTokenSigner.forConnection(connection.connectionString(), Clock.systemUTC()),
                    Clock.systemUTC(),
                    visitorKeys);
            GeneratedConfig generated = generator.generate(settings, users, outputDirectory.toPath());
            report(settings, generated);
            publish(generated);
        } catch (InvalidSettingException e) {
            throw new MojoFailureException(e.getMessage());
        } catch (AuthEndpointException e) {
            throw new MojoExecutionException("cannot sign test tokens with Entra ID: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException(
                    "Cannot write the signalr-anon outputs to " + outputDirectory + ": " + e.getMessage(), e);
        }
    }

    /** The visitor keys in the build's environment, if any; never printed, only their key ids. */
    private Optional<VisitorKeys> visitorKeys() {
        try {
            Optional<VisitorKeys> keys = VisitorKeys.fromEnvironment(System::getenv);
            keys.ifPresentOrElse(
                    k -> getLog().info("Visitor keys from the environment (key ids "
                            + k.keys().stream().map(key -> key.kid()).collect(Collectors.joining(", "))
                            + "): tokens.json gets a signed visitorCookie per test user"),
                    () -> getLog().info("No " + VisitorKeys.ENVIRONMENT_VARIABLE
                            + " in the environment: tokens.json has no visitorCookie"));
            return keys;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(
                    VisitorKeys.ENVIRONMENT_VARIABLE, Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
    }

    private static List<String> trimmed(@Nullable List<String> ids) {
        return ids == null
                ? List.of()
                : ids.stream().map(id -> id == null ? "" : id.trim()).toList();
    }

    private ResolvedConnection resolveConnection() {
        ResolvedConnection connection = new ConnectionStringResolver(
                        this::serverPassword, name -> Optional.ofNullable(System.getenv(name)))
                .resolve(connectionStringProperty(), serverId, connectionStringEnv);
        if (connection.emulatorDefault()) {
            getLog().warn("No connection string (property " + ConnectionStringResolver.PROPERTY
                    + ", signalr-anon.serverId or environment variable " + connectionStringEnv + "): using "
                    + connection.source() + " at "
                    + connection.connectionString().clientEndpoint()
                    + "; the test tokens are for local use only");
        } else {
            getLog().info("Connection string from " + connection.source() + " (client endpoint "
                    + connection.connectionString().clientEndpoint() + ")");
        }
        return connection;
    }

    private String connectionStringProperty() {
        String name = ConnectionStringResolver.PROPERTY;
        return session.getUserProperties()
                .getProperty(
                        name,
                        session.getSystemProperties()
                                .getProperty(name, project.getProperties().getProperty(name)));
    }

    private Optional<String> serverPassword(String id) {
        Server server = session.getSettings().getServer(id);
        if (server == null) {
            return Optional.empty();
        }
        SettingsDecryptionResult result = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        boolean failed = result.getProblems().stream()
                .anyMatch(problem -> problem.getSeverity().compareTo(SettingsProblem.Severity.WARNING) < 0);
        if (failed) {
            throw new InvalidSettingException(
                    "signalr-anon.serverId",
                    "cannot decrypt the password of settings.xml" + " server '" + id
                            + "': check settings-security.xml and the encrypted password");
        }
        return Optional.ofNullable(result.getServer().getPassword());
    }

    private void report(NegotiateSettings settings, GeneratedConfig generated) {
        UserIdSource source = settings.userIdSource();
        generated
                .functionJson()
                .ifPresentOrElse(
                        file -> getLog().info("Wrote " + file + ": anonymous POST function on route " + settings.route()
                                + ", hub " + settings.hub() + ", userId "
                                + source.bindingExpression().orElseThrow()
                                + ", connection string from app setting " + settings.connectionStringSetting()),
                        () -> functionJsonNotWritten(source));
        if (source.trustsTheCaller()) {
            getLog().warn("The negotiate endpoint takes the visitor id from the " + source
                    + ": it trusts the client, so any caller can claim any visitor id and receive that visitor's"
                    + " offers; use signed-cookie:<name>");
        }
        getLog().info("Wrote " + generated.negotiateJson() + ": hub " + settings.hub() + ", url " + generated.url()
                + ", user id from " + source + ", token lifetime "
                + settings.lifetime().value() + ", allowed origins " + settings.allowedOrigins() + ", rate limit "
                + settings.rateLimit().perSecond() + "/s (burst "
                + settings.rateLimit().burst() + ") per address");
        getLog().info("Wrote " + generated.tokensJson() + ": "
                + generated.tokens().size() + " test token(s) for "
                + generated.tokens().stream().map(IssuedToken::userId).collect(Collectors.joining(", "))
                + ", expiring " + generated.tokens().get(0).expiresAt());
    }

    private void functionJsonNotWritten(UserIdSource source) {
        if (source.trustsTheCaller()) {
            getLog().warn("Wrote no " + NegotiateConfigGenerator.FUNCTION_JSON
                    + ": Azure Functions binding expressions cannot read one cookie (" + source + ")");
        } else {
            getLog().info("Wrote no " + NegotiateConfigGenerator.FUNCTION_JSON + ": the Functions binding cannot"
                    + " verify a signed cookie (" + source + "); serve negotiate with signalr-negotiate, described"
                    + " by " + NegotiateConfigGenerator.NEGOTIATE_JSON);
        }
    }

    private void publish(GeneratedConfig generated) {
        project.getProperties().setProperty(PREFIX + "url", generated.url());
        generated
                .tokens()
                .forEach(token ->
                        project.getProperties().setProperty(PREFIX + "token." + token.userId(), token.accessToken()));
        getLog().info("Set project properties " + PREFIX + "url and "
                + generated.tokens().stream()
                        .map(token -> PREFIX + "token." + token.userId())
                        .collect(Collectors.joining(", ")));
    }
}
