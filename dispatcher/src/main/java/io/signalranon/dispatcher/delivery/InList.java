package io.signalranon.dispatcher.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Splits ids into IN lists short enough for every database's parameter limit. */
final class InList {

    static final int MAX = 500;

    private InList() {
    }

    static List<List<String>> slices(List<String> ids) {
        List<List<String>> slices = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += MAX) {
            slices.add(ids.subList(from, Math.min(ids.size(), from + MAX)));
        }
        return slices;
    }

    /** {@code ?,?,?} for the ids. */
    static String marks(List<String> ids) {
        return String.join(",", Collections.nCopies(ids.size(), "?"));
    }
}
