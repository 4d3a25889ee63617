package nl.dkgw.gateway.diagnosis;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaParseException;
import nl.dkgw.cpa.CpaProblem;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.CpaResolutionException;
import nl.dkgw.cpa.CpaValidator;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.pki.Oin;

/**
 * Layer 1: the CPA is known to this gateway, passes the Digikoppeling CPA checks, is agreed and within its Start and
 * End, names this gateway (by the OIN of its client certificate) as one party, and gives the other party an endpoint.
 */
final class CpaCheck implements LinkCheck {

    private final CpaRegistry cpas;
    private final Oin ownOin;
    private final Clock clock;
    private final boolean compatibilityMode;

    CpaCheck(CpaRegistry cpas, Oin ownOin, Clock clock) {
        this(cpas, ownOin, clock, false);
    }

    /** @param compatibilityMode judge AES-CBC and RSA 1.5 as the node does with security.compatibility-mode on */
    CpaCheck(CpaRegistry cpas, Oin ownOin, Clock clock, boolean compatibilityMode) {
        this.cpas = cpas;
        this.ownOin = ownOin;
        this.clock = clock;
        this.compatibilityMode = compatibilityMode;
    }

    @Override
    public Layer layer() {
        return Layer.CPA;
    }

    @Override
    public LayerResult check(LinkFacts facts) {
        String id = facts.request.cpaId();
        Optional<Cpa> found;
        try {
            found = cpas.find(id);
        } catch (RuntimeException e) {
            return LayerResult.fail(
                    layer(),
                    "the CPA store could not be read: " + e.getMessage(),
                    "check that the gateway's database is reachable, then try again");
        }
        if (found.isEmpty()) {
            return LayerResult.fail(
                    layer(),
                    "CPA '" + id + "' is not known to this gateway",
                    "import the CPA you agreed with the partner (dkgw cpa import FILE), or check the CPA id");
        }
        Cpa cpa = found.get();
        List<CpaProblem> problems;
        try {
            problems = new CpaValidator(clock, compatibilityMode).validate(cpa.xml());
        } catch (CpaParseException e) {
            return LayerResult.fail(
                    layer(),
                    "the stored CPA cannot be read: " + e.getMessage(),
                    "import a well-formed CPA document again");
        }
        List<String> errors = problems.stream()
                .filter(CpaProblem::isError)
                .map(CpaProblem::toString)
                .toList();
        List<String> warnings = problems.stream()
                .filter(p -> !p.isError())
                .map(CpaProblem::toString)
                .toList();
        Instant now = clock.instant();
        if (!cpa.isActive(now)) {
            return LayerResult.fail(
                            layer(),
                            inactiveReason(cpa, now),
                            "agree a new CPA (new version, new End) " + "with the partner and import it on both sides")
                    .withDetails(errors);
        }
        if (!errors.isEmpty()) {
            return LayerResult.fail(
                            layer(),
                            "CPA " + id + " breaks " + errors.size() + " Digikoppeling CPA rule(s); first: "
                                    + errors.get(0),
                            "ask the party that drew up the CPA for a corrected version and import it")
                    .withDetails(errors);
        }
        Optional<PartyId> self = cpa.parties().stream()
                .filter(p -> p.oinWithoutEnvironmentSuffix().equals(ownOin.value()))
                .findFirst();
        if (self.isEmpty()) {
            return LayerResult.fail(
                    layer(),
                    "this gateway's OIN " + ownOin.value() + " (from its TLS client "
                            + "certificate) is not a party in CPA " + id + "; the parties are " + oins(cpa),
                    "use the CPA drawn up for your organisation, or configure the client certificate that carries "
                            + "the OIN the CPA names (tls.client-key)");
        }
        Optional<PartyId> partner =
                cpa.parties().stream().filter(p -> !p.equals(self.get())).findFirst();
        if (partner.isEmpty()) {
            return LayerResult.fail(
                    layer(),
                    "CPA " + id + " names no party besides this gateway",
                    "a Digikoppeling CPA has exactly two parties; ask for a corrected CPA");
        }
        try {
            facts.endpoint = cpa.signalEndpointOf(partner.get());
        } catch (CpaResolutionException e) {
            return LayerResult.fail(
                    layer(),
                    "CPA " + id + " gives partner " + partner.get().value() + " no usable endpoint: " + e.getMessage(),
                    "ask for a CPA with the partner's endpoint");
        }
        if (facts.endpoint.getHost() == null || !"https".equalsIgnoreCase(facts.endpoint.getScheme())) {
            return LayerResult.fail(
                    layer(),
                    "the partner endpoint " + facts.endpoint + " is not an https URL " + "with a host",
                    "Digikoppeling requires https; correct the endpoint in the CPA or the url "
                            + "mapping (cpa.endpoint-overrides / cpa.url-mapping)");
        }
        facts.cpa = cpa;
        facts.self = self.get();
        facts.partner = partner.get();
        String found1 = "CPA " + id + " (" + cpa.status() + ", valid until " + cpa.end() + "): we are "
                + self.get().value() + ", partner " + partner.get().value() + " at " + facts.endpoint;
        if (!warnings.isEmpty()) {
            return LayerResult.warn(
                            layer(),
                            found1 + "; " + warnings.size() + " warning(s)",
                            "read the warnings; they do not break the link")
                    .withDetails(warnings);
        }
        return LayerResult.pass(layer(), found1);
    }

    private static String inactiveReason(Cpa cpa, Instant now) {
        String status = cpa.status();
        if (status != null && !status.equals("agreed") && !status.equals("signed")) {
            return "CPA " + cpa.cpaId() + " has status '" + status + "'; only an agreed or signed CPA can be used";
        }
        if (cpa.end() != null && !cpa.end().isAfter(now)) {
            return "CPA " + cpa.cpaId() + " expired at " + cpa.end();
        }
        if (cpa.start() != null && cpa.start().isAfter(now)) {
            return "CPA " + cpa.cpaId() + " is not active until " + cpa.start();
        }
        return "CPA " + cpa.cpaId() + " is not active now (" + cpa.start() + " to " + cpa.end() + ")";
    }

    private static String oins(Cpa cpa) {
        return cpa.parties().stream().map(PartyId::value).toList().toString();
    }
}
