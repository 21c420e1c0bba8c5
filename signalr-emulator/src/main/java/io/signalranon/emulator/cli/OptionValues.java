package io.signalranon.emulator.cli;

import io.signalranon.emulator.entra.Role;
import io.signalranon.emulator.fault.FaultPlan;
import io.signalranon.emulator.limit.Latency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How option values become typed values. Each converter states its rule as the end of "OPTION must be
 * ..." ({@link EmulatorCommandLine} adds the option and the value given); an empty value is refused by
 * every converter and reported as "needs a value". Numbers may carry surrounding spaces.
 */
final class OptionValues {

    /** The longest delay an option accepts, in milliseconds: five minutes. */
    static final long MAX_DELAY_MILLIS = Duration.ofMinutes(5).toMillis();

    private OptionValues() {}

    /** A port, {@code 0} for any free one. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 0, 65_535, "a whole number from 0 to 65535");
        }
    }

    /** A count that may be zero. */
    static final class Count implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 0, Integer.MAX_VALUE, "a whole number, 0 or more");
        }
    }

    /** A number of seconds, at least one. */
    static final class Seconds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 1, Integer.MAX_VALUE, "a whole number of seconds, at least 1");
        }
    }

    /** A delay in milliseconds, up to five minutes. */
    static final class Millis implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Duration.ofMillis(
                    whole(value, 0, MAX_DELAY_MILLIS, "a whole number of milliseconds from 0 to " + MAX_DELAY_MILLIS));
        }
    }

    /** A seed of random draws: any whole number. */
    static final class Seed implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number");
        }
    }

    /** A share of requests, from 0 to 1. */
    static final class Rate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double rate = Double.parseDouble(nonEmpty(value).trim());
                if (rate >= 0 && rate <= 1) {
                    return rate;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("a number from 0 to 1");
        }
    }

    /** {@code MS} or {@code MIN..MAX} in milliseconds, each up to five minutes. */
    static final class LatencyValue implements ITypeConverter<Latency> {
        @Override
        public Latency convert(String value) {
            String rule = "MS or MIN..MAX in milliseconds, from 0 to " + MAX_DELAY_MILLIS + " with MIN <= MAX";
            Latency latency;
            try {
                latency = Latency.parse(nonEmpty(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(rule);
            }
            if (latency.max().toMillis() > MAX_DELAY_MILLIS) {
                throw new TypeConversionException(rule);
            }
            return latency;
        }
    }

    /** {@code USER:N:STATUS}; the user id may contain colons. */
    static final class FailFirst implements ITypeConverter<FaultPlan.FailFirst> {
        @Override
        public FaultPlan.FailFirst convert(String value) {
            String rule = "USER:N:STATUS with N at least 1 and STATUS 0 (drop the connection) or from 400 to 599";
            int last = nonEmpty(value).lastIndexOf(':');
            int middle = last > 0 ? value.lastIndexOf(':', last - 1) : -1;
            if (middle <= 0) {
                throw new TypeConversionException(rule);
            }
            try {
                return new FaultPlan.FailFirst(
                        value.substring(0, middle),
                        Integer.parseInt(value.substring(middle + 1, last).trim()),
                        Integer.parseInt(value.substring(last + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(rule);
            }
        }
    }

    /** A role by its command-line name. */
    static final class RoleValue implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.of(nonEmpty(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("one of " + String.join(", ", new RoleNames()));
            }
        }
    }

    /** The roles' command-line names, for the help. */
    static final class RoleNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Role.values()).map(Role::label).iterator();
        }
    }

    /** A path; whether the file is there is checked when the emulator starts. */
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

    private static long whole(String value, long min, long max, String rule) {
        try {
            long number = Long.parseLong(nonEmpty(value).trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException(rule);
    }

    /** An empty value is a missing one: {@link EmulatorCommandLine} says "needs a value". */
    private static String nonEmpty(String value) {
        if (value.isEmpty()) {
            throw new TypeConversionException("a value");
        }
        return value;
    }
}
