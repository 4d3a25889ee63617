package nl.dkgw.gateway.http;

import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.dkgw.cpa.CpaStore;
import nl.dkgw.gateway.admin.AuditLog;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.api.MessageSearch;
import nl.dkgw.gateway.cpa.CpaImporter;
import nl.dkgw.gateway.ops.GatewayMetrics;
import nl.dkgw.gateway.ops.Readiness;

/**
 * What the admin API and console need of the node they run on: the node's API, and the operator's parts that have
 * no API of their own (readiness, metrics, audit log, the console's message queries, retention, CPA management, the
 * node's certificates and CRLs). The wiring provides it, so this package does not know the class that wires it.
 */
public interface AdminNode {

    GatewayNode node();

    Readiness.Report readiness();

    GatewayMetrics metrics();

    AuditLog audit();

    /** The console's searches and views; read only. */
    MessageSearch queries();

    /** Removes (or counts) completed messages older than {@code olderThan}, or than retention.period when null. */
    Purged purge(Duration olderThan, boolean dryRun);

    /**
     * What a purge removed (or, in a dry run, would remove): outbound business messages in a final state, signals,
     * processed inbound messages emptied (their MessageId kept for duplicate elimination) and deleted entirely, and
     * payload parts of all of these.
     */
    record Purged(long sentMessages, long signals, long receivedContents, long receivedMessages, long payloads) {}

    CpaImporter.Imported importCpa(String xml) throws CpaImporter.RejectedCpaException;

    /** The CPAs held, for listing, showing and deleting. */
    CpaStore cpaStore();

    List<X509CRL> knownCrls();

    /** This node's own certificates by usage: tls-server, tls-client, signing, encryption. */
    Map<String, X509Certificate> ownCertificates();

    /** The largest payload a raw submission may carry: the node's {@code limits.max-message-bytes}. */
    default long maxSubmissionBytes() {
        return Long.MAX_VALUE;
    }

    /**
     * Where a large submitted payload is spooled until the message is stored: the node's {@code limits.spool-dir}
     * (no default, so that such a payload never lands in a directory the operator did not choose).
     */
    Path spoolDirectory();
}
