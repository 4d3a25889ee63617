package nl.dkgw.gateway.msh.inbound;

import nl.dkgw.gateway.ebms.EbmsException;

/**
 * On an encrypted channel (-e profiles) every payload part must be XML-Enc encrypted for this node and decrypt with
 * its key; the application gets the decrypted parts. Runs before the signature check, which covers the plaintext.
 */
public final class DecryptionCheck implements InboundCheck {
    private final PayloadDecryption security;

    public DecryptionCheck(PayloadDecryption security) {
        this.security = security;
    }

    @Override
    public void check(InboundContext c) throws EbmsException {
        if (c.channel().profile().encrypted()) {
            c.payloads(security.decrypt(c.message().payloads(), c.channel()));
        }
    }
}
