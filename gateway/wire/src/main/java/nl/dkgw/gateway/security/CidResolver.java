package nl.dkgw.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.gateway.ebms.Payload;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.signature.XMLSignatureStreamInput;
import org.apache.xml.security.utils.resolver.ResourceResolverContext;
import org.apache.xml.security.utils.resolver.ResourceResolverException;
import org.apache.xml.security.utils.resolver.ResourceResolverSpi;

/**
 * Resolves {@code cid:<Content-ID>} reference URIs (RFC 2392) to the bytes of the message's payload parts, so that
 * Santuario digests a MIME part exactly as it travels. Each part is read as a stream ({@link Payload#open()}), so a
 * part of any size is digested without being held in memory. Registered per signature, never globally; close it when
 * the signature is made or checked, which closes any stream Santuario did not read to its end.
 */
final class CidResolver extends ResourceResolverSpi implements AutoCloseable {

    static final String SCHEME = "cid:";

    private final Map<String, Payload> parts = new HashMap<>();
    private final List<InputStream> opened = new ArrayList<>();

    CidResolver(List<Payload> payloads) {
        for (Payload p : payloads) {
            if (parts.put(p.contentId(), p) != null) {
                throw new IllegalArgumentException("two payload parts share Content-ID " + p.contentId());
            }
        }
    }

    /** The reference URI for a payload part. */
    static String uriOf(Payload payload) {
        return SCHEME + payload.contentId();
    }

    /** The Content-ID a {@code cid:} URI names (percent-escapes undone, angle brackets dropped), or null. */
    static String contentIdOf(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String id = uri.substring(SCHEME.length());
        if (id.indexOf('%') >= 0) {
            try {
                id = URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return id;
            }
        }
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        return id;
    }

    @Override
    public boolean engineCanResolveURI(ResourceResolverContext context) {
        String id = contentIdOf(context.uriToResolve);
        return id != null && parts.containsKey(id);
    }

    @Override
    public XMLSignatureInput engineResolveURI(ResourceResolverContext context) throws ResourceResolverException {
        Payload part = parts.get(contentIdOf(context.uriToResolve));
        if (part == null) {
            throw new ResourceResolverException(
                    "no payload part with Content-ID for " + context.uriToResolve,
                    context.uriToResolve,
                    context.baseUri);
        }
        InputStream in;
        try {
            in = part.open();
        } catch (IOException e) {
            throw new ResourceResolverException(
                    "payload part " + part.contentId() + " cannot be read: " + e.getMessage(),
                    context.uriToResolve,
                    context.baseUri);
        }
        synchronized (opened) {
            opened.add(in);
        }
        XMLSignatureInput input = new XMLSignatureStreamInput(in);
        input.setSourceURI(context.uriToResolve);
        input.setMIMEType(part.contentType());
        return input;
    }

    /** Closes the streams this resolver opened (a digested stream is closed already; closing it again is harmless). */
    @Override
    public void close() {
        synchronized (opened) {
            for (InputStream in : opened) {
                try {
                    in.close();
                } catch (IOException e) {
                    // nothing more to read from it
                }
            }
            opened.clear();
        }
    }
}
