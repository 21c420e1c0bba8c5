package io.signalranon.dispatcher.offer;

import java.util.List;
import java.util.Set;

/**
 * Who may receive an offer: an expression over the audiences a user belongs to. Either one audience
 * id, or a {@link Condition} of {@code all}, {@code any} and {@code not} sub-expressions.
 */
public sealed interface Eligibility permits Eligibility.Audience, Eligibility.Condition {

    /**
     * @param memberships the audience ids the user currently belongs to
     * @return whether the expression holds for that user
     */
    boolean test(Set<String> memberships);

    /**
     * @return the expression that holds for every user (a missing or empty {@code eligibility})
     */
    static Eligibility everyone() {
        return Condition.EVERYONE;
    }

    /**
     * Holds when the user belongs to one audience.
     * @param id the audience (segment) id, as the exports name it
     */
    record Audience(String id) implements Eligibility {

        public Audience {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("audience id must not be empty");
            }
        }

        @Override
        public boolean test(Set<String> memberships) {
            return memberships.contains(this.id);
        }
    }

    /**
     * Holds when every {@code all} expression holds, at least one {@code any} expression holds (when
     * {@code any} is not empty) and no {@code not} expression holds.
     * @param all expressions that must all hold
     * @param any expressions of which one must hold; empty when not given
     * @param not expressions none of which may hold
     */
    record Condition(List<Eligibility> all, List<Eligibility> any, List<Eligibility> not) implements Eligibility {

        static final Condition EVERYONE = new Condition(List.of(), List.of(), List.of());

        public Condition {
            all = List.copyOf(all);
            any = List.copyOf(any);
            not = List.copyOf(not);
        }

        @Override
        public boolean test(Set<String> memberships) {
            for (Eligibility expression : this.all) {
                if (!expression.test(memberships)) {
                    return false;
                }
            }
            for (Eligibility expression : this.not) {
                if (expression.test(memberships)) {
                    return false;
                }
            }
            if (this.any.isEmpty()) {
                return true;
            }
            for (Eligibility expression : this.any) {
                if (expression.test(memberships)) {
                    return true;
                }
            }
            return false;
        }
    }
}
