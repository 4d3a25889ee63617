package nl.dkgw.chain.suite;

/**
 * How a counterpart answered a message posted on the wire: the HTTP status and what the body held (a synchronous
 * Acknowledgment, an ebMS MessageError, a SOAP Fault, nothing), with the text to show as evidence.
 */
record WireAnswer(Integer httpStatus, Kind kind, String summary, String body) {

    enum Kind {
        ACKNOWLEDGMENT,
        MESSAGE_ERROR,
        SOAP_FAULT,
        EMPTY,
        OTHER,
        NO_ANSWER
    }

    /** The counterpart refused the message: an HTTP error status, an ebMS error or a SOAP Fault. */
    boolean refused() {
        return kind == Kind.MESSAGE_ERROR || kind == Kind.SOAP_FAULT || (httpStatus != null && httpStatus >= 400);
    }

    boolean accepted2xx() {
        return httpStatus != null && httpStatus >= 200 && httpStatus < 300 && !refused();
    }

    String evidence() {
        return "HTTP " + (httpStatus == null ? "-" : httpStatus) + ": " + summary
                + (body == null || body.isBlank() ? "" : "\n" + body);
    }
}
