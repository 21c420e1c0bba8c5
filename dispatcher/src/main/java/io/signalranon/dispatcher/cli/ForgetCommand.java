package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.operate.Forget;
import io.signalranon.dispatcher.privacy.ForgetKeyException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code forget}: forgets visitors (or with {@code --undo} lets their ids in again) and prints per table what
 * went. It never prints an id. The caller holds the run lock.
 */
public class ForgetCommand {

    private final Forget forget;

    public ForgetCommand(Forget forget) {
        this.forget = Objects.requireNonNull(forget, "forget");
    }

    public ExitCode forget(List<Forget.Request> requests, boolean dryRun, PrintStream out, PrintStream err) {
        Forget.Outcome outcome;
        try {
            outcome = forget.forget(requests, dryRun);
        } catch (ForgetKeyException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID;
        }
        out.println(
                dryRun
                        ? "Would forget " + visitors(outcome.visitors()) + " (dry run: nothing was deleted):"
                        : "Forgot " + visitors(outcome.visitors()) + "; " + outcome.ids()
                                + " ids newly kept out of later runs. Deleted:");
        print(outcome, out);
        return ExitCode.COMPLETED;
    }

    public ExitCode undo(List<Forget.Request> requests, boolean dryRun, PrintStream out, PrintStream err) {
        List<String> ids = requests.stream().map(Forget.Request::id).distinct().toList();
        int undone;
        try {
            undone = forget.undo(ids, dryRun);
        } catch (ForgetKeyException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.INVALID;
        }
        out.printf(
                Locale.ROOT,
                "%s %d of %d ids in again (those not forgotten are left as they are); later runs may ingest and send"
                        + " to them%n",
                dryRun ? "Would let" : "Let",
                undone,
                ids.size());
        return ExitCode.COMPLETED;
    }

    /** The rows per table of a forget, as {@code forget} and {@code run --forget} print them. */
    static void print(Forget.Outcome outcome, PrintStream out) {
        outcome.rows().rows().forEach((table, rows) -> out.printf(Locale.ROOT, "  %-28s %d rows%n", table, rows));
    }

    static String visitors(int count) {
        return count + (count == 1 ? " visitor" : " visitors");
    }
}
