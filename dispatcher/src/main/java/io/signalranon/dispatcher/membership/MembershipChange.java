package io.signalranon.dispatcher.membership;

import java.time.Instant;

/** One read change of one id's membership of one audience, as the store applies it. */
public interface MembershipChange {

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

    /** True when this change beats another state of the same (id, audience): later time wins, exit wins a tie. */
    default boolean beats(boolean otherMember, Instant otherTime) {
        int order = time().compareTo(otherTime);
        return order > 0 || order == 0 && !member() && otherMember;
    }
}
