package nl.dkgw.gateway.inbound;

import java.util.function.Consumer;
import java.util.function.Function;
import nl.dkgw.gateway.ebms.ErrorCode;

/**
 * One hostile inbound message: who sends it over TLS, how it differs from the valid message, and what the gateway
 * must answer. The name is the test's display name.
 */
record HostileCase(String name, Sender sender, Function<InboundMessage, EbmsTestClient.Post> request, Expect expect) {

    /** Whose TLS client certificate the raw client presents. */
    enum Sender {
        /** The consumer of the CPA: the party the message claims to come from. */
        CONSUMER,
        /** The provider of the CPA, i.e. a genuine party of the CPA but not the one in eb:From. */
        PROVIDER,
        /** An organisation with a valid certificate of the same PKI whose OIN is in no CPA of the node. */
        THIRD_PARTY
    }

    /**
     * What must come back: the HTTP status and, for a MessageError, its errorCode, a word of its description that
     * names the problem, and (optionally) a fragment of its location.
     */
    record Expect(int status, ErrorCode code, String descriptionWord, String locationFragment) {
        boolean messageError() {
            return code != null;
        }
    }

    static Expect unreadable(ErrorCode code, String word) {
        return new Expect(400, code, word, null);
    }

    static Expect unreadable(ErrorCode code, String word, String location) {
        return new Expect(400, code, word, location);
    }

    static Expect refused(ErrorCode code, String word, String location) {
        return new Expect(200, code, word, location);
    }

    static Expect plain(int status, String word) {
        return new Expect(status, null, word, null);
    }

    /** A case that changes fields of the valid message and posts it as built. */
    static HostileCase mutate(String name, Consumer<InboundMessage> change, Expect expect) {
        return new HostileCase(
                name,
                Sender.CONSUMER,
                m -> {
                    change.accept(m);
                    return m.post();
                },
                expect);
    }

    static HostileCase raw(String name, Function<InboundMessage, EbmsTestClient.Post> request, Expect expect) {
        return new HostileCase(name, Sender.CONSUMER, request, expect);
    }

    HostileCase sentBy(Sender s) {
        return new HostileCase(name, s, request, expect);
    }

    @Override
    public String toString() {
        return name;
    }
}
