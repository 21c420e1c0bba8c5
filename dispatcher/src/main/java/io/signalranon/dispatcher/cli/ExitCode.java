package io.signalranon.dispatcher.cli;

/** Exit codes of the command line; {@code --help} lists them with their meaning. */
public enum ExitCode {
    /** The run completed (and every message was delivered). */
    COMPLETED(0, "completed (or nothing to do: the same run completed before, or no export files yet)"),
    /** Invalid usage, configuration, or an input file that cannot be read at all. */
    INVALID(
            2,
            "invalid usage or configuration, an input file that cannot be read to its end (nothing of that run"
                    + " counts as ingested: fix the file and run again), an unknown execution"),
    /** The run completed but some sends failed and are recorded for reprocessing. */
    SEND_FAILURES(3, "completed, but some sends failed and are recorded (see failures, reprocess)"),
    /** The job failed and can be restarted by running the same command again. */
    FAILED_RESTARTABLE(4, "the run failed or was stopped; run the same command again (or restart) to resume it"),
    /** Another run holds the job; nothing was done. */
    ALREADY_RUNNING(5, "another run holds the job; nothing was done");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** What the code means, for the help text. */
    public String meaning() {
        return meaning;
    }
}
