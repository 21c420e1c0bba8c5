package io.signalranon.dispatcher.cli;

/** Exit codes of the command line, as documented in the usage text. */
public enum ExitCode {
    /** The run completed (and every message was delivered). */
    COMPLETED(0),
    /** Invalid usage, configuration, or an input file that cannot be read at all. */
    INVALID(2),
    /** The run completed but some sends failed and are recorded for reprocessing. */
    SEND_FAILURES(3),
    /** The job failed and can be restarted by running the same command again. */
    FAILED_RESTARTABLE(4),
    /** Another run holds the job; nothing was done. */
    ALREADY_RUNNING(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
