package io.millwright.http;

import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error answers for requests that never reach Javalin (unparseable request line, ambiguous URI encoding,
 * header fields too large), written as RFC 9457 problems instead of Jetty's HTML page. Server errors carry no detail
 * from the cause, so nothing internal leaks.
 */
final class ProtocolErrorHandler extends ErrorHandler {

    private final Json json;

    ProtocolErrorHandler(Json json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        byte[] body = body(code, message, request.getHttpURI().getPath());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private byte[] body(int status, String message, String path) {
        String reason = HttpStatus.forStatus(status).getMessage();
        String detail = status >= 500 || message == null || message.isBlank() || message.equals(reason)
                ? "the HTTP request was rejected before routing: " + reason
                : message;
        ProblemType type = ProblemType.forStatus(status);
        Problem problem = type != null
                ? Problem.of(type, detail, path)
                : new Problem("about:blank", reason, status, detail, path, null, null);
        return json.write(problem);
    }
}
