package nl.dkgw.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.http.EbmsHttpHandler;
import nl.dkgw.gateway.http.HttpServers;
import nl.dkgw.gateway.msh.InboundProcessor;
import nl.dkgw.gateway.msh.InboundResponse;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.testkit.Slow;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole inbound path of a real node (the receiving node of a {@link LocalChain}, H2): MIME, XML, the ebMS header,
 * the CPA and certificate checks, duplicate elimination, storing and answering. Every input must be answered with an
 * HTTP status and, for a status other than 204, a body; no exception may escape {@link InboundProcessor#process}
 * (the HTTP layer would turn it into a bare 500). The peer certificate is the other party's TLS client certificate,
 * so inputs derived from the seeds (real messages from that party) get past the identity checks. Seeds:
 * {@code InboundProcessorFuzzTestInputs/process/} (first line the Content-Type, then the body).
 *
 * <p>The node answers Pings and acknowledges messages by posting signals to its peer (on loopback, from its delivery
 * threads): expected, and not Server Side Request Forgery, but Jazzer's SSRF detector flags any connection; fuzz this
 * target with {@code JAZZER_SSRF_PERMISSIVE_UNTIL_CONFIGURED=1} ({@code bench/fuzz.sh} does). In regression mode (CI)
 * the detector does not fail the test for a connection made on another thread.
 */
@Slow
class InboundProcessorFuzzTest {

    private static Path dir;
    private static LocalChain chain;
    private static InboundProcessor processor;
    private static X509Certificate peer;

    @BeforeAll
    static void startNode() throws Exception {
        dir = Files.createTempDirectory("dkgw-fuzz-inbound");
        chain = LocalChain.start(dir, Map.of(), Duration.ofSeconds(30), List.of(Profile.OSB_RM), SyncReplyMode.NONE);
        processor = inboundProcessorOf(chain.provider());
        peer = chain.pki().certificate(LocalChain.CONSUMER.name(), TestPki.Usage.TLS_CLIENT);
    }

    @AfterAll
    static void stopNode() {
        if (chain != null) {
            chain.close();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void process(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        InboundResponse response = processor.process(input.contentType(), input.body(), peer);
        if (response == null
                || response.status() < 200
                || response.status() > 599
                || (response.status() != 204 && response.body() == null)) {
            throw new AssertionError("not an answer: " + response);
        }
    }

    /**
     * The node's inbound processor, found by type: Gateway -> its HttpServers -> the Jetty Server -> the
     * EbmsHttpHandler bean -> its InboundProcessor. (A test hook on Gateway would make this unnecessary.)
     */
    private static InboundProcessor inboundProcessorOf(Gateway gateway) throws Exception {
        Object servers = fieldOfType(gateway, HttpServers.class);
        Server server = (Server) fieldOfType(servers, Server.class);
        EbmsHttpHandler handler = server.getBean(EbmsHttpHandler.class);
        if (handler == null) {
            throw new IllegalStateException("the node's Jetty server has no EbmsHttpHandler bean");
        }
        return (InboundProcessor) fieldOfType(handler, InboundProcessor.class);
    }

    private static Object fieldOfType(Object owner, Class<?> type) throws IllegalAccessException {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (type.isAssignableFrom(f.getType())) {
                    f.setAccessible(true);
                    return f.get(owner);
                }
            }
        }
        throw new IllegalStateException(owner.getClass().getName() + " has no field of type " + type.getName());
    }
}
