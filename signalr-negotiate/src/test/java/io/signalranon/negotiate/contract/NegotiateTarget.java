package io.signalranon.negotiate.contract;

/** One delivery form of negotiate, started for the contract. */
public interface NegotiateTarget extends AutoCloseable {

    /** Sends a request to the negotiate path and returns what came back. */
    ContractResponse send(ContractRequest request) throws Exception;

    /** The client URL that tokens are issued for (their audience and the body's {@code url}). */
    default String clientUrl() {
        return "http://localhost:8888/client/?hub=offers";
    }

    @Override
    void close() throws Exception;
}
