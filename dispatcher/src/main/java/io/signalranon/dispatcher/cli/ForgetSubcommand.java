package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.operate.Forget;
import io.signalranon.dispatcher.operate.ForgetList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code forget --user=ID... [--cdp-id=ID...] [--users-file=PATH] [--dry-run] [--undo]}: forget visitors. */
@Command(
        name = "forget",
        description = {
            "Forget visitors: delete every row that names one (its user id and each CDP id mapped to it, or a CDP id"
                    + " and each user id mapped to it) in every table, one transaction per visitor, and keep its ids"
                    + " out of later exports, users files and suppression lists by keyed hashes (never the ids)."
                    + " Prints per table how many rows went. Holds the run lock like run."
        })
final class ForgetSubcommand implements Subcommand {

    @Option(names = "--user", paramLabel = "ID", description = "a user id to forget; repeat for several")
    List<String> users = new ArrayList<>();

    @Option(names = "--cdp-id", paramLabel = "ID", description = "a CDP id to forget; repeat for several")
    List<String> cdpIds = new ArrayList<>();

    @Option(
            names = "--users-file",
            paramLabel = "PATH",
            converter = Converters.FilePath.class,
            description = "a list of ids to forget, one per line (user ids; CDP ids under a first line cdp_id)")
    @Nullable Path usersFile;

    @Option(names = "--dry-run", arity = "0", description = "print what would be deleted, per table; change nothing")
    boolean dryRun;

    @Option(
            names = "--undo",
            arity = "0",
            description = "let the ids in again (a mistake): later runs may ingest and send to them; what was"
                    + " deleted stays deleted")
    boolean undo;

    private @Nullable List<Forget.Request> requests;

    @Override
    public void validate(Path workingDirectory) {
        // each (id, kind) once: an id given as a user id and as a CDP id is forgotten as both
        Set<Forget.Request> all = new LinkedHashSet<>();
        add(all, users, false, "--user");
        add(all, cdpIds, true, "--cdp-id");
        if (usersFile != null) {
            try {
                ForgetList.read(Objects.requireNonNull(RunOptionsMixin.readable(usersFile, "--users-file")))
                        .forEach(all::add);
            } catch (InputFileException e) {
                throw new UsageException("--users-file " + e.getMessage());
            }
        }
        if (all.isEmpty()) {
            throw new UsageException("forget needs an id: --user=ID, --cdp-id=ID or --users-file=PATH");
        }
        requests = List.copyOf(all);
    }

    private static void add(Set<Forget.Request> all, List<String> ids, boolean cdp, String option) {
        for (String id : ids) {
            String problem = ForgetList.problem(id);
            if (problem != null) {
                throw new UsageException(option + ": " + problem);
            }
            all.add(new Forget.Request(id, cdp));
        }
    }

    /** What to forget, once {@link #validate validated}. */
    List<Forget.Request> requests() {
        return Objects.requireNonNull(requests, "validate first");
    }

    @Override
    public ExitCode execute(CommandContext context) throws Exception {
        List<Forget.Request> validated = requests();
        ForgetCommand command = context.bean(ForgetCommand.class);
        return context.exclusive(() -> undo
                ? command.undo(validated, dryRun, context.out(), context.err())
                : command.forget(validated, dryRun, context.out(), context.err()));
    }
}
