package io.signalranon.dispatcher.privacy;

import io.signalranon.client.UserIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps forgotten ids out of free text that quotes input (the detail of a skipped row): every run of
 * characters that may be in an id under the visitor-id rule ({@link UserIds}), and each part of it that starts
 * or ends at one of the rule's punctuation marks ({@code id.} at the end of a sentence, {@code ns:id}), is a
 * candidate; one that is a forgotten id is replaced by {@value #REDACTED}. Text cut short is cut before a run
 * of id characters, never inside one: the beginning of an id is no id a hash can recognise.
 */
public final class IdText {

    /** What stands for a forgotten id in stored text. */
    public static final String REDACTED = "[forgotten]";

    private IdText() {}

    /** The text with each forgotten id in it replaced by {@value #REDACTED}; the same text when none is. */
    public static String redact(String text, ForgottenIds.ForgottenSet forgotten) {
        if (forgotten.size() == 0) {
            return text;
        }
        List<int[]> found = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (!idCharacter(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && idCharacter(text.charAt(i))) {
                i++;
            }
            findIn(text, start, i, forgotten, found);
        }
        if (found.isEmpty()) {
            return text;
        }
        StringBuilder redacted = new StringBuilder(text.length());
        int done = 0;
        for (int[] range : merged(found)) {
            redacted.append(text, done, range[0]).append(REDACTED);
            done = range[1];
        }
        return redacted.append(text, done, text.length()).toString();
    }

    /**
     * The text if it has at most {@code max} characters; else its beginning, up to {@code max} characters, that
     * ends before a run of id characters the cut would split.
     */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max;
        while (end > 0 && idCharacter(text.charAt(end - 1)) && idCharacter(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** Whether the character may be in an id under the visitor-id rule. */
    public static boolean idCharacter(char c) {
        return UserIds.isValid(String.valueOf(c));
    }

    /** The forgotten ids among the parts of the run {@code [start, end)} that begin and end at its boundaries. */
    private static void findIn(
            String text, int start, int end, ForgottenIds.ForgottenSet forgotten, List<int[]> found) {
        List<Integer> bounds = new ArrayList<>();
        bounds.add(start);
        for (int i = start; i < end; i++) {
            if (UserIds.PUNCTUATION.indexOf(text.charAt(i)) >= 0) {
                bounds.add(i);
                bounds.add(i + 1);
            }
        }
        bounds.add(end);
        List<Integer> distinct = bounds.stream().distinct().sorted().toList();
        for (int a = 0; a < distinct.size(); a++) {
            for (int b = a + 1; b < distinct.size(); b++) {
                int from = distinct.get(a);
                int to = distinct.get(b);
                if (to - from > UserIds.MAX_LENGTH) {
                    break;
                }
                if (forgotten.contains(text.substring(from, to))) {
                    found.add(new int[] {from, to});
                }
            }
        }
    }

    private static List<int[]> merged(List<int[]> ranges) {
        List<int[]> sorted = new ArrayList<>(ranges);
        sorted.sort((x, y) -> Integer.compare(x[0], y[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] range : sorted) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1]) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(new int[] {range[0], range[1]});
            }
        }
        return merged;
    }
}
