package io.signalranon.negotiate.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/**
 * The anonymous negotiate as an Azure Functions (Java) function: {@code POST /api/negotiate} and its
 * CORS preflight, answered by {@link NegotiateFunctionHandler}. Unlike the SignalR input binding, it
 * checks the signed visitor cookie. The first invocation of a worker logs the start warnings of its
 * settings through the Functions logger. For another route, copy this method into the app with that route.
 */
public class NegotiateFunction {

    /** Answers a negotiate or its preflight. */
    @FunctionName("negotiate")
    public HttpResponseMessage negotiate(
            @HttpTrigger(
                            name = "request",
                            methods = {HttpMethod.POST, HttpMethod.OPTIONS},
                            authLevel = AuthorizationLevel.ANONYMOUS,
                            route = "negotiate")
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return NegotiateFunctionHandler.shared(context.getLogger()).handle(request);
    }
}
