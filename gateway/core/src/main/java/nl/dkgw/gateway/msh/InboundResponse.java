package nl.dkgw.gateway.msh;

/** The HTTP answer to an inbound post: status, and a body (an ebMS signal) when there is one. */
public record InboundResponse(int status, String contentType, byte[] body) {
    public static InboundResponse noContent() {
        return new InboundResponse(204, null, new byte[0]);
    }
}
