package io.signalranon.dispatcher.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
     * Resolves every input, in option order, each in file name order.
     *
     * @throws InputFileException when an input matches no file
     */
    public static List<InputFile> resolveAll(List<InputSpec> inputs) {
        List<InputFile> files = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputSpec spec = inputs.get(i);
            for (Path path : InputFileResolver.resolve(spec.pattern())) {
                files.add(new InputFile(i, spec.format(), path));
            }
        }
        return files;
    }
}
