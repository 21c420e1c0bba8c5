package io.signalranon.emulator.rest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the service's error shape: status, {@code x-ms-error-code} and a JSON {@code {code, message}} body. */
final class ErrorReply {

    static final String ERROR_CODE_HEADER = "x-ms-error-code";

    private ErrorReply() {}

    static void send(Response response, Callback callback, int status, String code, String message) {
        response.setStatus(status);
        response.getHeaders().put(ERROR_CODE_HEADER, code);
        byte[] body = ("{\"code\":\"" + JsonText.escape(code) + "\",\"message\":\"" + JsonText.escape(message) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static void empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
    }
}
