package io.signalranon.emulator.cli;

import java.util.Collection;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * picocli's usage help with lines broken at whitespace only: the help of this jar and of the dispatcher's.
 *
 * <p>picocli wraps text with a line {@link java.text.BreakIterator}, which also breaks inside a word: after a
 * dot, a slash or a closing brace ({@code management.server.} and {@code address} on two lines), so a setting
 * name, a file name or a path copied from the help comes out broken. This help lays out every text that
 * picocli wraps (synopsis, description, header, footer, and the lists of options, parameters, commands and
 * exit codes) in {@linkplain #table tables} that wrap as picocli's do, a word with the whitespace after it
 * going on the line when it fits, but start a new line only after whitespace. A word longer than its whole
 * column is cut where the column ends, as picocli cuts it; a hyphen never breaks a line (picocli's rule
 * too). Widths are counted in characters. Headings, one short line each, are left to picocli.
 *
 * <p>A command line uses it with {@code setHelpFactory(WholeWordHelp::new)}, once its subcommands are added.
 */
public final class WholeWordHelp extends Help {

    /** picocli's bound on the indent of a synopsis's wrapped lines, as a share of the width. */
    private static final double MAX_SYNOPSIS_INDENT = 0.9;

    public WholeWordHelp(CommandSpec commandSpec, ColorScheme colorScheme) {
        super(commandSpec, colorScheme);
    }

    /**
     * A table whose {@link Overflow#WRAP WRAP} columns break lines at whitespace only; other columns lay out as
     * picocli's do.
     */
    public static TextTable table(ColorScheme colorScheme, Column... columns) {
        return new WholeWordTable(colorScheme, columns);
    }

    @Override
    public String customSynopsis(Object... params) {
        return lines(usage().customSynopsis(), params);
    }

    @Override
    public String description(Object... params) {
        return lines(usage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return lines(usage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return lines(usage().footer(), params);
    }

    /** picocli's layout of the option and parameter lists, in a table of the same columns. */
    @Override
    public Layout createDefaultLayout(
            List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme aColorScheme) {
        Column[] columns = super.createDefaultLayout(options, positionals, aColorScheme)
                .textTable()
                .columns();
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new Column(columns[i].width, columns[i].indent, columns[i].overflow);
        }
        return new Layout(
                aColorScheme,
                table(aColorScheme, columns),
                createDefaultOptionRenderer(),
                createDefaultParameterRenderer());
    }

    /** picocli's two columns of keys and values (the exit codes). */
    @Override
    public TextTable createTextTable(@Nullable Map<?, ?> map) {
        if (map == null || map.isEmpty()) {
            return super.createTextTable(map);
        }
        int spacing = 3;
        int keyLength = Math.min(width() - spacing - 1, maxLength(map.keySet()));
        TextTable table = table(
                colorScheme(),
                new Column(keyLength + spacing, 2, Overflow.SPAN),
                new Column(width() - (keyLength + spacing), 2, Overflow.WRAP));
        map.forEach((key, value) -> table.addRowValues(format(String.valueOf(key)), format(String.valueOf(value))));
        return table;
    }

    /** picocli's list of commands: each one's names, and the first line of its header or else description. */
    @Override
    public String commandList(Map<String, Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int commandLength = Math.min(maxLength(subcommands.keySet()), width() / 2);
        TextTable table = table(
                colorScheme(),
                new Column(commandLength + 2, 2, Overflow.SPAN),
                new Column(width() - (commandLength + 2), 2, Overflow.WRAP));
        for (Help help : subcommands.values()) {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            String first = firstLine(usage.header());
            Text[] lines = colorScheme()
                    .text(format(first != null ? first : firstLine(usage.description())))
                    .splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(
                        i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
            }
        }
        return table.toString();
    }

    /** picocli's synopsis: the command name, then the options and parameters, wrapped lines indented past the name. */
    @Override
    protected String insertSynopsisCommandName(
            int synopsisHeadingLength, Text optionsAndPositionalsAndCommandsDetails) {
        if (synopsisHeadingLength < 0) {
            throw new IllegalArgumentException(
                    "synopsisHeadingLength must be a positive number but was " + synopsisHeadingLength);
        }
        String commandName = commandSpec().qualifiedName();
        int indent = synopsisHeadingLength + commandName.length() + 1;
        if (indent > usage().synopsisAutoIndentThreshold() * width()) {
            indent = usage().synopsisIndent() < 0 ? synopsisHeadingLength : usage().synopsisIndent();
            indent = Math.min(indent, (int) (MAX_SYNOPSIS_INDENT * width()));
        }
        TextTable table = table(colorScheme(), new Column(width(), 0, Overflow.WRAP));
        table.indentWrappedLines = indent;
        Text padding = Ansi.OFF.new Text("X".repeat(synopsisHeadingLength), colorScheme());
        table.addRowValues(
                padding.concat(colorScheme().commandText(commandName)).concat(optionsAndPositionalsAndCommandsDetails));
        return table.toString().substring(synopsisHeadingLength);
    }

    private UsageMessageSpec usage() {
        return commandSpec().usageMessage();
    }

    private int width() {
        return usage().width();
    }

    /** Lines of text, each formatted with {@code params} and wrapped to the width, as picocli joins them. */
    private String lines(String @Nullable [] values, Object... params) {
        if (values == null) {
            return "";
        }
        TextTable table = table(colorScheme(), new Column(width(), 0, Overflow.WRAP));
        table.indentWrappedLines = 0;
        for (String value : values) {
            table.addRowValues(format(value, params));
        }
        return table.toString();
    }

    /** The first of {@code lines}, {@code null} when there are none. */
    private static @Nullable String firstLine(String @Nullable [] lines) {
        return lines == null || lines.length == 0 ? null : lines[0];
    }

    private static int maxLength(Collection<?> values) {
        return values.stream()
                .mapToInt(value -> String.valueOf(value).length())
                .max()
                .orElse(0);
    }

    /** {@code String.format}, or the text as it is when it is not a valid format (as picocli does). */
    private static String format(@Nullable String text, Object... params) {
        if (text == null) {
            return "";
        }
        try {
            return String.format(text, params);
        } catch (IllegalFormatException e) {
            return text;
        }
    }

    /** A picocli table whose {@link Overflow#WRAP WRAP} columns break lines after whitespace only. */
    private static final class WholeWordTable extends TextTable {

        private final Column[] columns;

        WholeWordTable(ColorScheme colorScheme, Column[] columns) {
            super(colorScheme, columns);
            this.columns = columns();
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns[col];
            if (column.overflow != Overflow.WRAP
                    || value == null
                    || value.plainString().isEmpty()
                    || row >= rowCount()) {
                return super.putValue(row, col, value);
            }
            String plain = value.plainString();
            int indent = column.indent;
            int line = row;
            int start = 0;
            while (true) {
                int end = lineEnd(plain, start, column.width - indent);
                // a Text of the line alone, so that its characters are copied from its start
                Text text = value.substring(0, 0).concat(value.substring(start, end));
                text.getStyledChars(0, end - start, textAt(line, col), indent);
                start = end;
                if (start >= plain.length()) {
                    return new Cell(col, line);
                }
                indent = column.indent + indentWrappedLines;
                addEmptyRow();
                line++;
            }
        }

        /**
         * Where the line that starts at {@code start} ends: after the last whitespace such that it fits in
         * {@code room} characters, each word with the whitespace after it; or, when the first word alone does not
         * fit, where the room ends.
         */
        private static int lineEnd(String text, int start, int room) {
            int fits = Math.max(1, room);
            int end = start;
            int next = start;
            while (next < text.length()) {
                while (next < text.length() && !Character.isWhitespace(text.charAt(next))) {
                    next++;
                }
                while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                    next++;
                }
                if (next - start > fits) {
                    break;
                }
                end = next;
            }
            return end > start ? end : Math.min(text.length(), start + fits);
        }
    }
}
