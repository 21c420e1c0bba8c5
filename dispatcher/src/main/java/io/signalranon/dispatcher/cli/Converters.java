package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import org.springframework.scheduling.support.CronExpression;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How option values become typed values; each message states the rule and echoes the value. An empty
 * value is refused by every converter and reported as "needs a value".
 */
final class Converters {

    private Converters() {}

    /** {@code --input=FORMAT:PATH}. */
    static final class Input implements ITypeConverter<InputSpec> {
        @Override
        public InputSpec convert(String value) {
            try {
                return InputSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The format names of {@code --input}, for its help. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(InputFormat.values()).map(InputFormat::cliName).iterator();
        }
    }

    /** A path; whether the file is there is checked once the command line is bound. */
    static final class FilePath implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return Path.of(nonEmpty(value));
        }
    }

    /** A value that must not be empty. */
    static final class NonEmpty implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return nonEmpty(value);
        }
    }

    /** {@code --as-of}. */
    static final class IsoInstant implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(nonEmpty(value));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(
                        "--as-of must be an ISO-8601 instant such as 2026-12-01T00:00:00Z: " + value);
            }
        }
    }

    /** A job execution id. */
    static final class ExecutionId implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return positive(value, "an execution id is a positive number: ");
        }
    }

    /** {@code --last}. */
    static final class Last implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Math.toIntExact(positive(value, "--last is a positive number: "));
        }
    }

    /** {@code --older-than}. */
    static final class OlderThan implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration age = Duration.parse(nonEmpty(value));
                if (!age.isNegative() && !age.isZero()) {
                    return age;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            throw new TypeConversionException(
                    "--older-than must be a positive ISO-8601 duration such as P90D or PT12H: " + value);
        }
    }

    /** {@code --cron}. */
    static final class Cron implements ITypeConverter<CronExpression> {
        @Override
        public CronExpression convert(String value) {
            try {
                return CronExpression.parse(nonEmpty(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "--cron: not a cron expression (second minute hour day month weekday): " + value);
            }
        }
    }

    private static long positive(String value, String rule) {
        try {
            long number = Long.parseLong(nonEmpty(value));
            if (number > 0 && number <= Integer.MAX_VALUE) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException(rule + value);
    }

    private static String nonEmpty(String value) {
        if (value.isEmpty()) {
            throw new TypeConversionException("empty");
        }
        return value;
    }
}
