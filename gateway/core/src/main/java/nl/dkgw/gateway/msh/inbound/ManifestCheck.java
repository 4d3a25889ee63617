package nl.dkgw.gateway.msh.inbound;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.Payload;

/** Every manifest reference is a cid: of a part in this message, and every payload part is referenced. */
public final class ManifestCheck implements InboundCheck {
    @Override
    public void check(InboundContext c) throws EbmsException {
        List<String> manifest = c.message().manifest();
        List<Payload> payloads = c.message().payloads();
        if (manifest == null) {
            if (!payloads.isEmpty()) {
                throw new EbmsException(
                        ErrorCode.Inconsistent,
                        "//eb:Manifest",
                        "the message has " + payloads.size() + " payload part(s) but no eb:Manifest");
            }
            return;
        }
        Set<String> partIds = new HashSet<>();
        for (Payload p : payloads) {
            partIds.add(p.contentId());
        }
        Set<String> referenced = new HashSet<>();
        for (String href : manifest) {
            if (!href.startsWith("cid:")) {
                throw new EbmsException(
                        ErrorCode.NotSupported,
                        "//eb:Manifest/eb:Reference[@xlink:href='" + href + "']",
                        "only payloads inside the message (cid: references) are supported, not " + href);
            }
            String cid = href.substring(4);
            if (!partIds.contains(cid)) {
                throw new EbmsException(
                        ErrorCode.MimeProblem,
                        "//eb:Manifest/eb:Reference[@xlink:href='" + href + "']",
                        "the manifest references " + href + " but the message has no MIME part with that Content-ID");
            }
            referenced.add(cid);
        }
        for (String id : partIds) {
            if (!referenced.contains(id)) {
                throw new EbmsException(
                        ErrorCode.Inconsistent,
                        "//eb:Manifest",
                        "MIME part <" + id + "> is not referenced from the eb:Manifest");
            }
        }
    }
}
