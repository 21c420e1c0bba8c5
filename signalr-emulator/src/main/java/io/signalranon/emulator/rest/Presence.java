package io.signalranon.emulator.rest;

/** Answers "does this user have a connection?" for the user-exists operation. */
@FunctionalInterface
public interface Presence {

    /** Nobody is ever connected. */
    Presence NOBODY = (hub, userId) -> false;

    /** Whether {@code userId} has at least one open connection to {@code hub} (hub compared without case). */
    boolean hasUser(String hub, String userId);
}
