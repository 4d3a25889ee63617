package nl.dkgw.cpa;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.xsd.cppa.Certificate;
import nl.dkgw.xsd.cppa.CollaborationProtocolAgreement;
import nl.dkgw.xsd.cppa.PartyInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads a CPA document into a {@link Cpa}. Parsing is safe (no DTDs, no external entities) and checks only what
 * resolution needs (root element, CPAId, Status, Start, End, readable certificates); {@link CpaValidator} checks
 * everything else.
 */
public final class CpaParser {

    private static final JAXBContext CONTEXT = createContext();

    public Cpa parse(InputStream xml) throws CpaParseException {
        try {
            return parse(CpaXml.decode(xml.readAllBytes()));
        } catch (IOException e) {
            throw new CpaParseException("CPA cannot be read: " + e.getMessage(), e);
        }
    }

    /** The text of a CPA document, decoded with the encoding of its byte order mark or XML declaration (default UTF-8). */
    public static String decode(byte[] document) throws CpaParseException {
        return CpaXml.decode(document);
    }

    public Cpa parse(String xml) throws CpaParseException {
        if (xml == null || xml.isBlank()) {
            throw new CpaParseException("CPA is empty");
        }
        Document document = CpaXml.parse(xml);
        Element root = document.getDocumentElement();
        if (!CpaXml.NS.equals(root.getNamespaceURI())
                || !"CollaborationProtocolAgreement".equals(root.getLocalName())) {
            throw new CpaParseException("not a CPA: the root element is {" + root.getNamespaceURI() + "}"
                    + root.getLocalName() + ", expected CollaborationProtocolAgreement in namespace " + CpaXml.NS);
        }
        CollaborationProtocolAgreement model = unmarshal(document);
        requireBasics(model);
        return new ParsedCpa(model, xml, certificates(model));
    }

    private static CollaborationProtocolAgreement unmarshal(Document document) throws CpaParseException {
        try {
            Unmarshaller unmarshaller = CONTEXT.createUnmarshaller();
            Object result = unmarshaller.unmarshal(document);
            if (result instanceof CollaborationProtocolAgreement cpa) {
                return cpa;
            }
            throw new CpaParseException(
                    "not a CPA: unexpected content " + result.getClass().getSimpleName());
        } catch (JAXBException | RuntimeException e) {
            throw new CpaParseException("CPA cannot be read: " + message(e), e);
        }
    }

    private static void requireBasics(CollaborationProtocolAgreement model) throws CpaParseException {
        List<String> missing = new ArrayList<>();
        if (model.getCpaid() == null || model.getCpaid().isBlank()) missing.add("the cpaid attribute");
        if (model.getStatus() == null || model.getStatus().getValue() == null) missing.add("Status/@value");
        if (model.getStart() == null) missing.add("Start");
        if (model.getEnd() == null) missing.add("End");
        if (!missing.isEmpty()) {
            String id = model.getCpaid() == null ? "" : " " + model.getCpaid();
            throw new CpaParseException("CPA" + id + " lacks " + String.join(", ", missing));
        }
    }

    private static Map<String, X509Certificate> certificates(CollaborationProtocolAgreement model)
            throws CpaParseException {
        Map<String, X509Certificate> result = new LinkedHashMap<>();
        for (PartyInfo party : model.getPartyInfo()) {
            for (Certificate certificate : party.getCertificate()) {
                if (certificate.getCertId() == null || certificate.getCertId().isBlank()) {
                    throw new CpaParseException("CPA " + model.getCpaid() + ", party " + party.getPartyName()
                            + ": a Certificate has no certId, so nothing can refer to it");
                }
                try {
                    CpaCertificates.of(certificate).ifPresent(c -> result.put(certificate.getCertId(), c));
                } catch (IllegalArgumentException e) {
                    throw new CpaParseException(
                            "CPA " + model.getCpaid() + ", party " + party.getPartyName() + ": " + e.getMessage(), e);
                }
            }
        }
        return result;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) t = t.getCause();
        if (t instanceof JAXBException j && j.getLinkedException() != null) t = j.getLinkedException();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static JAXBContext createContext() {
        try {
            return JAXBContext.newInstance(CollaborationProtocolAgreement.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("JAXB context for CPPA 2.0 cannot be created", e);
        }
    }
}
