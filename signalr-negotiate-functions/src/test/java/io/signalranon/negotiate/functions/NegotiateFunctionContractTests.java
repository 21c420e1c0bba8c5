package io.signalranon.negotiate.functions;

import com.microsoft.azure.functions.HttpMethod;
import io.signalranon.client.ConnectionString;
import io.signalranon.negotiate.NegotiateEndpoint;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.contract.ContractRequest;
import io.signalranon.negotiate.contract.ContractResponse;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.contract.NegotiateTarget;
import io.signalranon.negotiate.token.ClientTokenIssuers;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The contract through the Functions handler, driven with the worker's request and response types. */
class NegotiateFunctionContractTests extends NegotiateContract {

    @Override
    protected NegotiateTarget start(String negotiateJson, String visitorKeys) {
        NegotiateEndpoint endpoint = NegotiateEndpoint.builder(
                        NegotiateSettings.parse(negotiateJson),
                        ClientTokenIssuers.forConnectionString(ConnectionString.parse(CONNECTION_STRING)))
                .visitorKeys(VisitorKeys.parse(visitorKeys))
                .build();
        NegotiateFunctionHandler handler = new NegotiateFunctionHandler(endpoint);
        return new NegotiateTarget() {
            @Override
            public ContractResponse send(ContractRequest request) {
                FakeHttpRequestMessage message = new FakeHttpRequestMessage(
                                HttpMethod.value(request.method()),
                                URI.create("https://shop-negotiate.azurewebsites.net/api/negotiate"))
                        .header("X-Forwarded-For", "203.0.113.7:51324");
                request.headers().forEach(header -> message.header(header.getKey(), header.getValue()));
                if (!request.query().isEmpty()) {
                    for (String pair : request.query().split("&")) {
                        String[] parts = pair.split("=", 2);
                        message.query(decode(parts[0]), parts.length == 2 ? decode(parts[1]) : "");
                    }
                }
                FakeHttpRequestMessage.Response response = (FakeHttpRequestMessage.Response) handler.handle(message);
                Map<String, List<String>> headers = new LinkedHashMap<>();
                response.headers().forEach((name, value) -> headers.put(name, List.of(value)));
                Object body = response.getBody();
                return new ContractResponse(response.getStatusCode(), headers, body == null ? "" : body.toString());
            }

            @Override
            public void close() {}
        };
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
