package nl.dkgw.gateway.msh.inbound;

import nl.dkgw.gateway.ebms.EbmsException;

/**
 * On a signed channel (-s and -e profiles) the message must carry a valid signature over header and every payload,
 * made with the certificate the CPA names for the sender, which must pass PKIoverheid validation. On an encrypted
 * channel the signature covers the plaintext parts (sign, then encrypt, as deployed adapters do), so this check runs
 * after decryption.
 */
public final class SignatureCheck implements InboundCheck {
    private final SignatureVerification security;

    public SignatureCheck(SignatureVerification security) {
        this.security = security;
    }

    @Override
    public void check(InboundContext c) throws EbmsException {
        if (c.channel().profile().signed()) {
            c.signature(security.verify(c.envelope(), c.payloads(), c.channel(), c.cpa()));
        }
    }
}
