package nl.dkgw.pki.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import nl.dkgw.pki.KeyMaterial;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A small OCSP responder on 127.0.0.1 (free port) that signs as the given CA and answers from that CA's current CRL,
 * so a revocation shows up here at once.
 */
public final class OcspResponder implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    public OcspResponder(Supplier<KeyMaterial> signer, Supplier<X509CRL> crl) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ocsp", exchange -> {
            requests.incrementAndGet();
            try {
                OCSPReq request = new OCSPReq(exchange.getRequestBody().readAllBytes());
                KeyMaterial ca = signer.get();
                X509CRL current = crl.get();
                Instant now = Instant.now();
                BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(
                        ca.certificate().getPublicKey(),
                        new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1));
                for (Req req : request.getRequestList()) {
                    X509CRLEntry entry =
                            current.getRevokedCertificate(req.getCertID().getSerialNumber());
                    CertificateStatus status = entry == null
                            ? CertificateStatus.GOOD
                            : new RevokedStatus(entry.getRevocationDate(), CRLReason.keyCompromise);
                    builder.addResponse(
                            req.getCertID(),
                            status,
                            Date.from(now.minusSeconds(60)),
                            Date.from(now.plus(Duration.ofHours(1))));
                }
                BasicOCSPResp basic = builder.build(
                        new JcaContentSignerBuilder("SHA256withRSA").build(ca.privateKey()),
                        new X509CertificateHolder[] {new JcaX509CertificateHolder(ca.certificate())},
                        new Date());
                byte[] body = new OCSPRespBuilder()
                        .build(OCSPRespBuilder.SUCCESSFUL, basic)
                        .getEncoded();
                exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp";
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
