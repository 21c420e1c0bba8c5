package io.signalranon.negotiate;

import java.util.ArrayList;
import java.util.List;

/** Reads cookie values from {@code Cookie} request headers (RFC 6265 §5.4: {@code a=1; b=2}). */
final class CookieHeader {

    private CookieHeader() {}

    /** Every value of the cookie {@code name}, in the order sent (a browser may send one name twice). */
    static List<String> values(List<String> cookieHeaders, String name) {
        List<String> values = new ArrayList<>();
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
                    values.add(unquote(pair.substring(equals + 1).trim()));
                }
            }
        }
        return values;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
