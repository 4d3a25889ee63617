package nl.dkgw.gateway.ebms;

/** XML namespaces and fixed URIs of ebMS 2.0 over SOAP 1.1. */
public final class Namespaces {
    public static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String EB = "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd";
    public static final String XLINK = "http://www.w3.org/1999/xlink";
    public static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    public static final String XML = "http://www.w3.org/XML/1998/namespace";

    public static final String MSH_SERVICE = "urn:oasis:names:tc:ebxml-msg:service";
    public static final String ACTOR_TO_PARTY_MSH = "urn:oasis:names:tc:ebxml-msg:actor:toPartyMSH";
    public static final String ACTOR_NEXT_MSH = "urn:oasis:names:tc:ebxml-msg:actor:nextMSH";
    public static final String SOAP_ACTOR_NEXT = "http://schemas.xmlsoap.org/soap/actor/next";
    public static final String ERROR_CODE_CONTEXT = "urn:oasis:names:tc:ebxml-msg:service:errors";

    private Namespaces() {}
}
