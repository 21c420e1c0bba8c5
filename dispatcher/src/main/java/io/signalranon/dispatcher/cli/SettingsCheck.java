package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.delivery.SignalRProperties;
import io.signalranon.dispatcher.ingest.IngestProperties;
import io.signalranon.dispatcher.job.RemoteProperties;
import io.signalranon.dispatcher.operate.RetentionProperties;
import io.signalranon.dispatcher.operate.RunProperties;
import io.signalranon.dispatcher.operate.ScheduleProperties;
import io.signalranon.dispatcher.privacy.PrivacyProperties;
import io.signalranon.dispatcher.report.ReportProperties;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Refuses bad {@code dispatcher.*} settings before any work, before the application context, hence the
 * database, is opened: each settings record is bound (so a value out of range or unreadable is named), and
 * a setting that nothing reads is refused: a typo such as
 * {@code dispatcher.delivery.chunk-sise=10} would otherwise leave the default in force without a sound.
 * Settings are compared as Spring binds them (relaxed: {@code chunk-size}, {@code chunkSize},
 * {@code DISPATCHER_DELIVERY_CHUNKSIZE} and {@code DISPATCHER_DELIVERY_CHUNK_SIZE} are one setting); the
 * known ones are those of the build's configuration metadata. Checked once the environment is prepared
 * (command line, system properties, environment variables and application.properties files).
 */
final class SettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final String PREFIX = "dispatcher.";
    private static final String ENV_PREFIX = "DISPATCHER_";

    /** Set by the dispatcher itself, not by users: not in the metadata. */
    private static final Set<String> INTERNAL = Set.of("dispatcher.otlp.enabled", "dispatcher.remote.worker");

    /**
     * The test suite's switches ({@code -Ddispatcher.test.postgres=required}, {@code
     * DISPATCHER_TEST_POSTGRES_URL}), which the dispatcher never reads and the processes a test starts inherit.
     */
    private static final String TEST_SWITCHES = "dispatcher.test.";

    private static final String ENV_TEST_SWITCHES = "DISPATCHER_TEST_";

    /** The settings records, each under its prefix. */
    private static final Map<String, Class<?>> RECORDS = Map.of(
            "dispatcher.delivery", DeliveryProperties.class,
            "dispatcher.signalr", SignalRProperties.class,
            "dispatcher.ingest", IngestProperties.class,
            "dispatcher.run", RunProperties.class,
            "dispatcher.schedule", ScheduleProperties.class,
            "dispatcher.purge", RetentionProperties.class,
            "dispatcher.report", ReportProperties.class,
            "dispatcher.privacy", PrivacyProperties.class,
            "dispatcher.remote", RemoteProperties.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
        Binder binder = Binder.get(event.getEnvironment());
        RECORDS.forEach(binder::bindOrCreate);
    }

    /**
     * @throws IllegalArgumentException naming the first unknown setting, and the closest known one when
     *     it looks like a typo of it
     */
    static void check(ConfigurableEnvironment environment) {
        Map<String, String> known = new HashMap<>();
        SettingsMetadata.dispatcherSettings().forEach(setting -> known.put(relaxed(setting.name()), setting.name()));
        INTERNAL.forEach(name -> known.put(relaxed(name), name));
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            boolean fromEnvironment = source instanceof SystemEnvironmentPropertySource;
            for (String name : enumerable.getPropertyNames()) {
                if (isDispatcherSetting(name, fromEnvironment) && !known.containsKey(relaxed(name))) {
                    throw new IllegalArgumentException(message(name, known));
                }
            }
        }
    }

    private static boolean isDispatcherSetting(String name, boolean fromEnvironment) {
        if (fromEnvironment) {
            String upper = name.toUpperCase(Locale.ROOT);
            return upper.startsWith(ENV_PREFIX) && !upper.startsWith(ENV_TEST_SWITCHES);
        }
        return name.startsWith(PREFIX) && !name.startsWith(TEST_SWITCHES);
    }

    /** The name without what relaxed binding ignores: case, dashes, underscores and dots. */
    private static String relaxed(String name) {
        StringBuilder letters = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                letters.append(Character.toLowerCase(c));
            }
        }
        return letters.toString();
    }

    private static String message(String name, Map<String, String> known) {
        String typed = relaxed(name);
        Optional<String> closest = known.entrySet().stream()
                .filter(entry -> distance(entry.getKey(), typed) <= 3)
                .min(Comparator.comparingInt(entry -> distance(entry.getKey(), typed)))
                .map(Map.Entry::getValue);
        return "unknown setting " + name
                + closest.map(setting -> " (did you mean " + setting + "?)").orElse("")
                + "; 'java -jar dispatcher.jar --help' lists the settings";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
