package nl.dkgw.cpa;

import java.net.URI;
import java.util.List;

/** A provider (Logius-like) and a consumer (a municipality) and the CPAs generated between them. */
final class TestCpas {

    static final String PROVIDER_OIN = "00000001003214345000";
    static final String CONSUMER_OIN = "00000001001234567000";
    static final String SERVICE = "dgl:ontvangen:1.0";
    static final PartyId PROVIDER = PartyId.oin(PROVIDER_OIN);
    static final PartyId CONSUMER = PartyId.oin(CONSUMER_OIN);

    private TestCpas() {}

    static PartySpec provider() {
        return party("Provider", PROVIDER_OIN, "provider.example.nl");
    }

    static PartySpec consumer() {
        return party("Gemeente Test", CONSUMER_OIN, "gateway.gemeente.example.nl");
    }

    static PartySpec party(String name, String oin, String host) {
        String certificateOin = oin.contains("_") ? oin.substring(0, oin.indexOf('_')) : oin;
        return new PartySpec(
                name,
                oin,
                URI.create("https://" + host + "/ebms"),
                TestCertificates.certificate(host, certificateOin),
                TestCertificates.certificate(host, certificateOin));
    }

    static ServiceSpec service(Profile profile) {
        return ServiceSpec.withDefaults(
                SERVICE,
                profile,
                "Ontvanger",
                "Verstrekker",
                List.of(
                        new ActionSpec("zakLk01", ActionSpec.Direction.CONSUMER_TO_PROVIDER),
                        new ActionSpec("bv03", ActionSpec.Direction.PROVIDER_TO_CONSUMER),
                        new ActionSpec("ping", ActionSpec.Direction.BOTH)),
                provider());
    }

    static String xml(Profile profile) {
        return CpaGenerator.generate(service(profile), consumer());
    }

    static Cpa cpa(Profile profile) {
        try {
            return new CpaParser().parse(xml(profile));
        } catch (CpaParseException e) {
            throw new AssertionError(e);
        }
    }
}
