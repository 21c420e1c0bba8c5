package io.signalranon.dispatcher.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One file to ingest.
 *
 * @param input  index of the {@code --input} option it comes from
 * @param format its export format
 * @param path   where it is
 */
public record InputFile(int input, InputFormat format, Path path) {

    public InputFile {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(path, "path");
    }

    /**
     * What the inputs resolve to: their files, each read once, and what was left out.
     *
     * @param files  in option order, each in file name order
     * @param notes  one line per input about files it left out: not of its format, or named before
     */
    public record Resolution(List<InputFile> files, List<String> notes) {

        public Resolution {
            files = List.copyOf(files);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Resolves every input, in option order, each in file name order.
     *
     * @throws InputFileException when an input names a file or directory that does not exist
     */
    public static List<InputFile> resolveAll(List<InputSpec> inputs) {
        return resolve(inputs).files();
    }

    /**
     * Resolves every input as {@link #resolveAll} does: a file is read once even when several inputs name
     * it, and a directory gives only the files that look like its format.
     *
     * @throws InputFileException when an input names a file or directory that does not exist
     */
    public static Resolution resolve(List<InputSpec> inputs) {
        List<InputFile> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputSpec spec = inputs.get(i);
            boolean directory = Files.isDirectory(Path.of(spec.pattern()));
            List<String> ignored = new ArrayList<>();
            for (Path path : InputFileResolver.resolve(spec.pattern())) {
                if (directory && !spec.format().looksLike(path.getFileName().toString())) {
                    ignored.add(path.getFileName().toString());
                } else if (!seen.add(identity(path))) {
                    notes.add("warning: --input=" + spec + ": " + path
                            + " is named by an earlier input; it is read once");
                } else {
                    files.add(new InputFile(i, spec.format(), path));
                }
            }
            if (!ignored.isEmpty()) {
                notes.add("--input=" + spec + ": ignored " + ignored.size() + " files that do not look like "
                        + spec.format().cliName() + " exports: " + String.join(", ", ignored));
            }
        }
        return new Resolution(files, notes);
    }

    private static Path identity(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** The indexes of the inputs that have no file (yet) among {@code files}. */
    public static List<Integer> emptyInputs(List<InputSpec> inputs, List<InputFile> files) {
        List<Integer> empty = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            int input = i;
            if (files.stream().noneMatch(file -> file.input() == input)) {
                empty.add(i);
            }
        }
        return empty;
    }
}
