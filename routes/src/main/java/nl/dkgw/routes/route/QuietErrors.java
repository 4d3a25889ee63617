package nl.dkgw.routes.route;

import org.apache.camel.builder.DefaultErrorHandlerBuilder;
import org.apache.camel.builder.RouteBuilder;

/**
 * The error handler of every flow route: failures are logged with their exception only, never with the message
 * body or the message history (which would show payloads and so BSNs).
 */
public final class QuietErrors {

    private QuietErrors() {}

    public static DefaultErrorHandlerBuilder of(RouteBuilder builder) {
        DefaultErrorHandlerBuilder handler = builder.defaultErrorHandler();
        handler.logExhaustedMessageHistory(false);
        handler.logExhaustedMessageBody(false);
        handler.logStackTrace(false);
        return handler;
    }
}
