package io.signalranon.dispatcher.message;

import java.util.ArrayList;
import java.util.List;

/**
 * The offer ids of one message as one column value: joined by {@code ,}, with {@code \} and {@code ,}
 * inside an id escaped by a {@code \}, so that {@code cart-10,welcome} stays readable and any id
 * comes back exactly.
 */
public final class OfferIds {

    private OfferIds() {}

    public static String join(List<String> offerIds) {
        StringBuilder joined = new StringBuilder();
        for (String id : offerIds) {
            if (!joined.isEmpty()) {
                joined.append(',');
            }
            if (id.isEmpty()) {
                throw new IllegalArgumentException("an offer id is empty");
            }
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (c == ',' || c == '\\') {
                    joined.append('\\');
                }
                joined.append(c);
            }
        }
        return joined.toString();
    }

    public static List<String> split(String joined) {
        List<String> ids = new ArrayList<>();
        if (joined.isEmpty()) {
            return ids;
        }
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '\\' && i + 1 < joined.length()) {
                id.append(joined.charAt(++i));
            } else if (c == ',') {
                ids.add(id.toString());
                id.setLength(0);
            } else {
                id.append(c);
            }
        }
        ids.add(id.toString());
        return ids;
    }
}
