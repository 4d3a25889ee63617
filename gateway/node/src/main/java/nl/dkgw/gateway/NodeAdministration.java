package nl.dkgw.gateway;

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
import nl.dkgw.gateway.http.AdminNode;
import nl.dkgw.gateway.msh.OperatorQueries;
import nl.dkgw.gateway.ops.GatewayMetrics;
import nl.dkgw.gateway.ops.Readiness;
import nl.dkgw.gateway.store.PurgeCounts;

/** The node's operator parts as the admin API sees them; hands over what {@link Gateway} keeps to itself. */
final class NodeAdministration implements AdminNode {

    private final Gateway gateway;
    private final MessageSearch queries;

    NodeAdministration(Gateway gateway) {
        this.gateway = gateway;
        this.queries = new OperatorQueries(gateway.queries());
    }

    @Override
    public GatewayNode node() {
        return gateway;
    }

    @Override
    public Readiness.Report readiness() {
        return gateway.readiness();
    }

    @Override
    public GatewayMetrics metrics() {
        return gateway.metrics();
    }

    @Override
    public AuditLog audit() {
        return gateway.audit();
    }

    @Override
    public MessageSearch queries() {
        return queries;
    }

    @Override
    public Purged purge(Duration olderThan, boolean dryRun) {
        PurgeCounts c = gateway.purge(olderThan, dryRun);
        return new Purged(c.sentMessages(), c.signals(), c.receivedContents(), c.receivedMessages(), c.payloads());
    }

    @Override
    public CpaImporter.Imported importCpa(String xml) throws CpaImporter.RejectedCpaException {
        return gateway.importCpa(xml);
    }

    @Override
    public CpaStore cpaStore() {
        return gateway.cpas();
    }

    @Override
    public List<X509CRL> knownCrls() {
        return gateway.knownCrls();
    }

    @Override
    public Map<String, X509Certificate> ownCertificates() {
        return gateway.ownCertificates();
    }

    @Override
    public long maxSubmissionBytes() {
        return gateway.config().limits().maxMessageBytes();
    }

    /** The node's {@code limits.spool-dir}, where received bodies and encrypted parts are written too. */
    @Override
    public Path spoolDirectory() {
        return gateway.spoolDirectory();
    }
}
