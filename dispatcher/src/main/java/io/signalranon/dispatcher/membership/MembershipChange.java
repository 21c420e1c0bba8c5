package io.signalranon.dispatcher.membership;

import java.time.Instant;

/** One read change of one id's membership of one audience, as the store applies it. */
public interface MembershipChange {

    /**
     * The audience of a row that only says its file lists the id (a per-profile snapshot listing a profile
     * with no audience): it changes no membership.
     */
    String LISTED_ONLY = "";

    /** The CDP id. */
    String id();

    /** The audience (segment) id. */
    String audience();

    /** True when the id is in the audience from {@link #time()} on. */
    boolean member();

    /** When the membership took this state. */
    Instant time();

    /** The number of the run's input the change was read from. */
    int input();

    /** The number of the file it was read from, within the run. */
    int fileNo();

    /** Whether that file is a snapshot of the audiences it names (ids it does not list are exited). */
    boolean snapshot();

    /** True for a row that only says its file lists the id. */
    default boolean listedOnly() {
        return audience().equals(LISTED_ONLY);
    }

    /** True when this change beats another state of the same (id, audience): later time wins, exit wins a tie. */
    default boolean beats(boolean otherMember, Instant otherTime) {
        int order = time().compareTo(otherTime);
        return order > 0 || order == 0 && !member() && otherMember;
    }
}
