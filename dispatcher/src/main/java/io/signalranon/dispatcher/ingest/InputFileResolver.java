package io.signalranon.dispatcher.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Turns the path of an input (file, directory or glob) into its files, in name order. An existing
 * directory without files, or a glob whose directory exists but matches nothing, is no file yet: an
 * empty list. A path whose directory does not exist is an error.
 */
public final class InputFileResolver {

    private InputFileResolver() {}

    /**
     * Resolves a path pattern.
     *
     * @throws InputFileException when the file or the directory does not exist or cannot be listed
     */
    public static List<Path> resolve(String pattern) {
        Path direct = Path.of(pattern);
        if (!hasGlob(pattern)) {
            if (Files.isRegularFile(direct)) {
                return List.of(direct);
            }
            if (Files.isDirectory(direct)) {
                return list(direct, 1, path -> true, pattern);
            }
            throw new InputFileException(pattern, "no such file or directory");
        }
        String glob = Path.of(pattern).normalize().toString();
        Path base = globBase(glob);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        int depth = glob.contains("**")
                ? Integer.MAX_VALUE
                : Path.of(glob).getNameCount() - base.normalize().getNameCount();
        if (!Files.isDirectory(base)) {
            throw new InputFileException(pattern, "no such directory " + base);
        }
        return list(base, depth, p -> matcher.matches(p.normalize()), pattern);
    }

    private static List<Path> list(Path dir, int depth, java.util.function.Predicate<Path> accept, String pattern) {
        try (Stream<Path> walk = Files.walk(dir, depth)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(accept)
                    .sorted()
                    .toList());
        } catch (IOException e) {
            throw new InputFileException(pattern, "cannot list: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new InputFileException(
                    pattern,
                    "cannot list: " + Objects.requireNonNull(e.getCause()).getMessage());
        }
    }

    private static boolean hasGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static Path globBase(String pattern) {
        Path path = Path.of(pattern.replaceAll("[*?\\[{].*$", "x"));
        Path parent = path.getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
