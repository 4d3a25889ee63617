package nl.dkgw.gateway.security;

/**
 * The layout of an encrypted payload part, as the widely deployed Digikoppeling adapter ebms-core writes it: the MIME
 * part (same Content-ID) has content type {@code application/xml} and holds one {@code xenc:EncryptedData} document
 * with {@code Id} = the Content-ID, {@code Type} = xenc#Element, {@code MimeType} = the part's original content type,
 * and in its ds:KeyInfo one xenc:EncryptedKey (the content key wrapped for the receiver's encryption certificate)
 * whose own ds:KeyInfo names that certificate's subject in a ds:KeyName.
 */
final class EncryptedPart {

    static final String CONTENT_TYPE = "application/xml";
    static final String XENC = "http://www.w3.org/2001/04/xmlenc#";
    static final String TYPE_ELEMENT = XENC + "Element";
    static final String DEFAULT_PLAINTEXT_TYPE = "application/octet-stream";

    private EncryptedPart() {}
}
