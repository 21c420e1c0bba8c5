package io.signalranon.dispatcher.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --users=PATH} and {@code --suppress=PATH}, a mixin of the commands that check users before sending:
 * {@code run} and {@code schedule} read these files, {@code reprocess} checks its rows against them (by default
 * against those of the run that recorded the failures, which its description says).
 */
final class UserFilesOptions {

    @Option(
            names = "--users",
            paramLabel = "PATH",
            converter = Converters.FilePath.class,
            description = "users.csv (user_id,cdp_id,consent): the users, their CDP ids and their consent")
    @Nullable Path users;

    @Option(
            names = "--suppress",
            paramLabel = "PATH",
            converter = Converters.FilePath.class,
            description = "suppression list, one user id per line: users not to send to")
    @Nullable Path suppress;

    /** {@code --users}, checked to be a readable file when given. */
    @Nullable Path users() {
        return RunOptionsMixin.readable(users, "--users");
    }

    /** {@code --suppress}, checked to be a readable file when given. */
    @Nullable Path suppress() {
        return RunOptionsMixin.readable(suppress, "--suppress");
    }
}
