package io.signalranon.dispatcher.offer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Why a user gets what {@link DecisionEngine#decide} gives, for a dry run's report.
 *
 * @param holdout whether the user is in the holdout group (then nothing else is filled in)
 * @param audiences the user's audiences that some offer's eligibility names, sorted
 * @param chosen the offers chosen, in the decision's order
 * @param lost the offers whose eligibility held but that were not chosen, with why
 */
public record Explanation(boolean holdout, List<String> audiences, List<Chosen> chosen, List<Lost> lost) {

    public Explanation {
        audiences = List.copyOf(audiences);
        chosen = List.copyOf(chosen);
        lost = List.copyOf(lost);
    }

    static Explanation heldOut() {
        return new Explanation(true, List.of(), List.of(), List.of());
    }

    /**
     * An offer chosen.
     *
     * @param offerId the offer
     * @param placement its placement
     * @param rule {@code eligibility} (its eligibility held, it was valid and under its cap) or {@code fallback}
     *             (its placement had no candidate)
     * @param eligibility the eligibility expression that held, as in offers.json ({@code {}}: everyone)
     */
    public record Chosen(String offerId, String placement, String rule, JsonNode eligibility) {

        public Chosen {
            Objects.requireNonNull(offerId, "offerId");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(eligibility, "eligibility");
        }
    }

    /**
     * An eligible offer not chosen.
     *
     * @param offerId the offer
     * @param placement its placement
     * @param reason {@code max-items} (its placement was full with offers ranked higher), {@code cap} (its
     *               frequency cap was reached) or {@code validity} (outside its validity window)
     */
    public record Lost(String offerId, String placement, String reason) {

        public Lost {
            Objects.requireNonNull(offerId, "offerId");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The expression as offers.json writes it: an audience id, or an object of {@code all}, {@code any}, {@code not}. */
    static JsonNode json(Eligibility eligibility) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (eligibility instanceof Eligibility.Audience audience) {
            return nodes.stringNode(audience.id());
        }
        Eligibility.Condition condition = (Eligibility.Condition) eligibility;
        ObjectNode node = nodes.objectNode();
        list(node, "all", condition.all());
        list(node, "any", condition.any());
        list(node, "not", condition.not());
        return node;
    }

    private static void list(ObjectNode node, String name, List<Eligibility> expressions) {
        if (!expressions.isEmpty()) {
            ArrayNode array = node.putArray(name);
            expressions.forEach(expression -> array.add(json(expression)));
        }
    }

    /** The audience ids an expression names. */
    static Set<String> named(Eligibility eligibility, Set<String> into) {
        if (eligibility instanceof Eligibility.Audience audience) {
            into.add(audience.id());
        } else {
            Eligibility.Condition condition = (Eligibility.Condition) eligibility;
            List<Eligibility> all = new ArrayList<>(condition.all());
            all.addAll(condition.any());
            all.addAll(condition.not());
            all.forEach(expression -> named(expression, into));
        }
        return into;
    }

    static List<String> counted(Set<String> memberships, Set<String> named) {
        Set<String> counted = new TreeSet<>(named);
        counted.retainAll(memberships);
        return List.copyOf(counted);
    }
}
