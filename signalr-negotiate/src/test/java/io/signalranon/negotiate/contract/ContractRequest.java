package io.signalranon.negotiate.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request of the contract, as a browser or a script would send it to a negotiate endpoint.
 *
 * @param method {@code POST}, {@code OPTIONS}, ...
 * @param headers the headers in order (names may repeat)
 * @param query the raw query string without {@code ?}, empty for none
 */
public record ContractRequest(String method, List<Map.Entry<String, String>> headers, String query) {

    public ContractRequest {
        headers = List.copyOf(headers);
    }

    /** A {@code POST} with no header and no query. */
    public static ContractRequest post() {
        return new ContractRequest("POST", List.of(), "");
    }

    /** An {@code OPTIONS} preflight with no header. */
    public static ContractRequest options() {
        return new ContractRequest("OPTIONS", List.of(), "");
    }

    /** This request with one more header. */
    public ContractRequest header(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new ContractRequest(method, more, query);
    }

    /** This request with this raw query string. */
    public ContractRequest query(String rawQuery) {
        return new ContractRequest(method, headers, rawQuery);
    }
}
