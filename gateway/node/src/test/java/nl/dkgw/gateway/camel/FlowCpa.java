package nl.dkgw.gateway.camel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import nl.dkgw.cpa.ActionSpec;
import nl.dkgw.cpa.CpaGenerator;
import nl.dkgw.cpa.PartySpec;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.ServiceSpec;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.pki.testpki.TestPki;

/**
 * A CPA between the two nodes of a {@link LocalChain} (GGD as consumer, RIVM as provider) with one action per flow,
 * all sent by the GGD node, generated and imported on both nodes.
 */
public final class FlowCpa {

    public static final String SERVICE = "dkgw:flows:1.0";
    public static final String TEST_RESULT = "CoronitTestResult";
    public static final String VACCINATION = "VaccinationEvent";
    public static final String CASE_STATUS = "ZaakStatusNotice";

    private FlowCpa() {}

    /** Generates and imports the CPA; returns its id. */
    public static String add(LocalChain chain, Profile profile) throws Exception {
        return add(chain, profile, 5, null);
    }

    /**
     * As {@link #add(LocalChain, Profile)} with {@code retries} retries (reliable profiles), and, when
     * {@code providerEndpoint} is given, RIVM's ebMS endpoint replaced by it (e.g. a port nobody listens on).
     */
    public static String add(LocalChain chain, Profile profile, int retries, URI providerEndpoint) throws Exception {
        Duration retry = Duration.ofSeconds(1);
        PartySpec provider = party(chain, LocalChain.PROVIDER);
        if (providerEndpoint != null) {
            provider = new PartySpec(
                    provider.name(),
                    provider.oin(),
                    providerEndpoint,
                    provider.clientCertificate(),
                    provider.serverCertificate(),
                    provider.signingCertificate(),
                    provider.encryptionCertificate());
        }
        ServiceSpec spec = new ServiceSpec(
                SERVICE,
                profile,
                "Ontvanger",
                "Aanleverer",
                List.of(
                        new ActionSpec(TEST_RESULT, ActionSpec.Direction.CONSUMER_TO_PROVIDER),
                        new ActionSpec(VACCINATION, ActionSpec.Direction.CONSUMER_TO_PROVIDER),
                        new ActionSpec(CASE_STATUS, ActionSpec.Direction.CONSUMER_TO_PROVIDER)),
                profile.reliable() ? retries : 0,
                profile.reliable() ? retry : Duration.ZERO,
                profile.reliable() ? retry.multipliedBy(30) : Duration.ZERO,
                SyncReplyMode.NONE,
                provider);
        String xml = CpaGenerator.generate(spec, party(chain, LocalChain.CONSUMER));
        String id = chain.consumer().importCpa(xml).cpa().cpaId();
        chain.provider().importCpa(xml);
        return id;
    }

    private static PartySpec party(LocalChain chain, LocalChain.Party party) {
        TestPki pki = chain.pki();
        return new PartySpec(
                party.name(),
                party.oin(),
                URI.create("https://localhost:" + chain.node(party.name()).ebmsPort() + "/ebms"),
                pki.certificate(party.name(), TestPki.Usage.TLS_CLIENT),
                pki.certificate(party.name(), TestPki.Usage.TLS_SERVER),
                pki.certificate(party.name(), TestPki.Usage.SIGNING),
                pki.certificate(party.name(), TestPki.Usage.ENCRYPTION));
    }
}
