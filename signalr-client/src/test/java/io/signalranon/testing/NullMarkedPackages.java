package io.signalranon.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;

/**
 * The check that every package of a module's main code is {@link NullMarked} in its {@code package-info.java},
 * so that NullAway (which checks only null-marked code) checks all of it. Each module calls it from a unit test;
 * it reaches the others through this module's test jar.
 */
public final class NullMarkedPackages {

    private NullMarkedPackages() {}

    /**
     * Asserts that every package with a class where {@code anchor} was loaded from (the module's
     * {@code target/classes}) has a {@code package-info} annotated {@link NullMarked}.
     */
    public static void assertEveryPackageOf(Class<?> anchor) {
        Path classes = location(anchor);
        List<String> packages = packages(classes);
        assertThat(packages).as("packages in %s", classes).contains(anchor.getPackageName());
        assertThat(packages.stream().filter(name -> !nullMarked(name, anchor.getClassLoader())))
                .as("packages in %s without @NullMarked in their package-info.java", classes)
                .isEmpty();
    }

    private static Path location(Class<?> anchor) {
        try {
            return Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The packages of the class files below {@code classes}, each once. */
    private static List<String> packages(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).getParent())
                    .map(dir -> dir == null
                            ? ""
                            : dir.toString().replace(dir.getFileSystem().getSeparator(), "."))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean nullMarked(String packageName, ClassLoader loader) {
        try {
            return Class.forName(packageName + ".package-info", false, loader).isAnnotationPresent(NullMarked.class);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
