package nl.dkgw.gateway.msh.inbound;

import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.msh.MessageSecurity;

/**
 * On an encrypted channel (-e profiles) every payload part must be XML-Enc encrypted for this node and decrypt with
 * its key; the application gets the decrypted parts. Runs before the signature check, which covers the plaintext.
 */
public final class DecryptionCheck implements InboundCheck {
    private final MessageSecurity security;

    public DecryptionCheck(MessageSecurity security) {
        this.security = security;
    }

    @Override
    public void check(InboundContext c) throws EbmsException {
        if (c.channel().profile().encrypted()) {
            c.payloads(security.decrypt(c.message().payloads(), c.channel()));
        }
    }
}
