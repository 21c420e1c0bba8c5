package io.signalranon.emulator.web;

import io.signalranon.emulator.rest.JsonText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes JSON bodies: a document, or the service's error shape {@code {code, message}}. */
public final class JsonReply {

    private JsonReply() {}

    /** Writes {@code json} with {@code status}. */
    public static void send(Response response, Callback callback, int status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Writes an error with {@code x-ms-error-code} and {@code {"code": …, "message": …}}. */
    public static void error(Response response, Callback callback, int status, String code, String message) {
        response.getHeaders().put("x-ms-error-code", code);
        send(
                response,
                callback,
                status,
                "{\"code\":\"" + JsonText.escape(code) + "\",\"message\":\"" + JsonText.escape(message) + "\"}");
    }
}
