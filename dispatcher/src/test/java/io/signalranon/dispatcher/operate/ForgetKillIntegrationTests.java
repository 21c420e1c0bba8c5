package io.signalranon.dispatcher.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.DispatcherApplication;
import io.signalranon.dispatcher.cli.ExitCode;
import io.signalranon.dispatcher.cli.RunCommand;
import io.signalranon.dispatcher.cli.RunOptions;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import io.signalranon.dispatcher.privacy.ForgetKey;
import io.signalranon.dispatcher.privacy.PrivacyProperties;
import io.signalranon.dispatcher.support.ChildJvm;
import io.signalranon.emulator.SignalREmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code forget} of the fat jar killed with SIGKILL while it forgets thousands of visitors: each visitor is
 * then either forgotten whole (no row of it in any table, its ids hashed) or untouched (every row, no hash),
 * and the same command again forgets the rest.
 */
class ForgetKillIntegrationTests {

    private static final int USERS = 1500;
    private static final String KEY = "forget-kill-tests-key-0123456789-0123456789";

    @TempDir
    Path dir;

    @Test
    void aForgetKilledMidwayLeavesEachVisitorForgottenWholeOrUntouched() throws Exception {
        // given: every user delivered once, so it has a membership, a mapping, a target and a delivery
        String url = "jdbc:h2:file:" + dir.resolve("data/dispatcher").toAbsolutePath();
        givenDeliveredUsers(url);
        Files.writeString(
                dir.resolve("forget.txt"),
                "user_id\n"
                        + IntStream.range(0, USERS)
                                .mapToObj(i -> user(i) + "\n")
                                .collect(Collectors.joining()));

        // when
        ChildJvm forget = ChildJvm.dispatcher(dir, Map.of(), Map.of(), "forget", "--users-file=forget.txt");
        boolean midway = forget.awaitLine(line -> line.contains("Forgot 1000 of " + USERS + " visitors"), 120);
        forget.kill();
        Map<String, Integer> state = states(url);

        // then
        assertThat(midway).as(String.join("\n", forget.output())).isTrue();
        assertThat(state.keySet())
                .as("each visitor is forgotten whole (0) or untouched (4 rows and no hash)")
                .isSubsetOf(Set.of("forgotten", "untouched"));
        assertThat(state.get("forgotten")).isGreaterThanOrEqualTo(1000).isLessThan(USERS);
        assertThat(state.get("untouched")).isPositive();

        // when: the same command again
        ChildJvm.Result again = ChildJvm.run(dir, Map.of(), Map.of(), "forget", "--users-file=forget.txt");

        // then
        assertThat(again.exitCode()).as(again.text()).isEqualTo(ExitCode.COMPLETED.code());
        assertThat(again.output())
                .anyMatch(line ->
                        line.startsWith("Forgot " + USERS + " visitors; " + 2 * state.get("untouched") + " ids"));
        assertThat(states(url)).containsOnlyKeys("forgotten");
    }

    private void givenDeliveredUsers(String url) throws Exception {
        Path users = Files.writeString(
                dir.resolve("users.csv"),
                "user_id,cdp_id,consent\n"
                        + IntStream.range(0, USERS)
                                .mapToObj(i -> user(i) + "," + cdp(i) + ",y\n")
                                .collect(Collectors.joining()));
        Path export = Files.writeString(
                dir.resolve("changes.csv"),
                "user_id,segment,status,timestamp\n"
                        + IntStream.range(0, USERS)
                                .mapToObj(i -> cdp(i) + ",cart,enter,2026-11-30T10:00:00Z\n")
                                .collect(Collectors.joining()));
        Path offers = Files.writeString(dir.resolve("offers.json"), """
                {"placements": [{"id": "hero", "maxItems": 1}],
                 "offers": [{"id": "cart-10", "placement": "hero", "priority": 90, "eligibility": "cart",
                             "content": {"title": "10% off"}}]}
                """);
        try (SignalREmulator emulator =
                        SignalREmulator.builder().port(0).accessKey(KEY).build().start();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(DispatcherApplication.class)
                        .web(WebApplicationType.NONE)
                        .registerShutdownHook(false)
                        .run(
                                "--spring.datasource.url=" + url,
                                "--dispatcher.report.directory=" + dir.resolve("reports"),
                                "--dispatcher.signalr.connection-string=Endpoint=http://localhost;Port="
                                        + emulator.port() + ";AccessKey=" + KEY + ";Version=1.0;")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExitCode code = context.getBean(RunCommand.class)
                    .run(
                            RunOptions.builder()
                                    .input(new InputSpec(InputFormat.CSV, export.toString()))
                                    .users(users)
                                    .offers(offers)
                                    .asOf(Instant.parse("2026-12-01T00:00:00Z"))
                                    .build(),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.COMPLETED);
        }
    }

    /** How many visitors are forgotten whole, untouched, or (a failure) something else, by that state. */
    private Map<String, Integer> states(String url) {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));
        ForgetKey key = ForgetKey.resolve(null, PrivacyProperties.keyFile(url));
        Set<String> hashes = new HashSet<>(jdbc.queryForList("SELECT ID_HASH FROM FORGOTTEN_ID", String.class));
        Map<String, Integer> rows = new java.util.HashMap<>();
        for (String sql : List.of(
                "SELECT u.USER_ID FROM USER_MAPPING u",
                "SELECT t.USER_ID FROM DISPATCH_TARGET t",
                "SELECT o.USER_ID FROM OFFER_SENT o",
                "SELECT 'u-' || SUBSTRING(m.CDP_ID, 3) FROM MEMBERSHIP m")) {
            jdbc.queryForList(sql, String.class).forEach(user -> rows.merge(user, 1, Integer::sum));
        }
        Map<String, Integer> states = new java.util.TreeMap<>();
        for (int i = 0; i < USERS; i++) {
            int count = rows.getOrDefault(user(i), 0);
            boolean hashed = hashes.contains(key.hash(user(i))) && hashes.contains(key.hash(cdp(i)));
            boolean unhashed = !hashes.contains(key.hash(user(i))) && !hashes.contains(key.hash(cdp(i)));
            String state = count == 0 && hashed ? "forgotten" : count == 4 && unhashed ? "untouched" : "torn";
            states.merge(state, 1, Integer::sum);
        }
        return states;
    }

    private static String user(int i) {
        return "u-%05d".formatted(i);
    }

    private static String cdp(int i) {
        return "c-%05d".formatted(i);
    }
}
