package nl.dkgw.gateway.api;

import java.nio.file.Path;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.pki.Oin;

/**
 * One running node as the tools that work through it see it: the link diagnosis, the chain-test suite, the admin
 * API. Besides the message API they get what a tool needs to act as this node towards a peer: its OIN and party in a
 * CPA, the CPAs it holds (read only), and its configuration with the directory relative paths resolve against (for
 * the TLS key material a tool that posts on its own must present).
 */
public interface GatewayNode {

    MessageService messages();

    InboundDelivery inbound();

    /** Finally failed outbound messages not reported yet (the {@code ebms:} consumer's {@code consume=failed}). */
    FailureReports failureReports();

    /** Grote Berichten: files sent and received through this node's file endpoint and downloader. */
    LargeFiles largeFiles();

    Oin ownOin();

    /** The party in the CPA this node is, recognised by the OIN of its TLS client certificate. */
    Optional<PartyId> selfParty(Cpa cpa);

    CpaRegistry cpas();

    GatewayConfig config();

    /** The directory relative paths of the configuration are resolved against. */
    Path baseDir();
}
