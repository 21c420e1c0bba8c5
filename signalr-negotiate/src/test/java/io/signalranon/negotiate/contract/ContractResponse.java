package io.signalranon.negotiate.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response as the caller saw it.
 *
 * @param status the HTTP status
 * @param headers header values by lower-cased name
 * @param body the body, empty for none
 */
public record ContractResponse(int status, Map<String, List<String>> headers, String body) {

    public ContractResponse {
        Map<String, List<String>> lowerCased = new LinkedHashMap<>();
        headers.forEach(
                (name, values) -> lowerCased.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
                    List<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                }));
        headers = Map.copyOf(lowerCased);
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
        return headerValues(name).stream().findFirst();
    }

    /** Every value of a header. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
