package nl.dkgw.pki.testpki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.PemCertificates;
import nl.dkgw.pki.TrustAnchors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A PKIoverheid-shaped test PKI on disk: root, domain CA, issuing CA and per party a TLS server, TLS client, signing
 * and encryption certificate (OIN in the subject serialNumber), as PKCS#12 and PEM, a trust store with the root and
 * a CRL per CA. Parties can ask for deliberately broken certificates ({@link Defect}) for negative tests.
 *
 * <p>Layout: {@code testpki.properties} (manifest), {@code trust.p12}, {@code trust.pem}, {@code ca/*.pem},
 * {@code ca/ca-keys.p12}, {@code crl/<ca>.crl} (DER), {@code <party>/<usage>.p12}, {@code <party>/<usage>.key.pem},
 * {@code <party>/<usage>.chain.pem} with usage one of tls-server, tls-client, signing, encryption.
 */
public final class TestPki {

    /** What a party certificate is for. */
    public enum Usage {
        TLS_SERVER("tls-server"),
        TLS_CLIENT("tls-client"),
        SIGNING("signing"),
        ENCRYPTION("encryption");

        private final String fileName;

        Usage(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /** A deliberate flaw in all four certificates of a party, for negative tests. */
    public enum Defect {
        /** Validity ended yesterday. */
        EXPIRED,
        /** Validity starts in 30 days. */
        NOT_YET_VALID,
        /** Listed in the issuing CA's CRL. */
        REVOKED,
        /** Subject serialNumber is another (well-formed) OIN than the party's. */
        WRONG_OIN,
        /** keyUsage lacks digitalSignature. */
        MISSING_KEY_USAGE,
        /** Signed with SHA1withRSA. */
        SHA1_SIGNED,
        /** Issued under a separate root that is not in the trust store. */
        UNTRUSTED_ROOT
    }

    /** A party of the test PKI: name (also its directory), OIN, TLS host name, and optional defects. */
    public record PartySpec(String name, String oin, String host, Set<Defect> defects) {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

        public PartySpec {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Party name '" + name
                        + "' must consist of letters, digits, '.', '_' or '-' (it becomes a directory name)");
            }
            Oin.parse(oin);
            host = host == null || host.isBlank() ? "localhost" : host;
            defects = defects == null || defects.isEmpty() ? Set.of() : Set.copyOf(defects);
        }

        public PartySpec(String name, String oin, String host) {
            this(name, oin, host, Set.of());
        }

        public PartySpec(String name, String oin) {
            this(name, oin, "localhost", Set.of());
        }

        public PartySpec with(Defect defect) {
            Set<Defect> all = EnumSet.noneOf(Defect.class);
            all.addAll(defects);
            all.add(defect);
            return new PartySpec(name, oin, host, all);
        }
    }

    /**
     * Generation options.
     *
     * @param crlBaseUrl URL the CRL distribution points start with; {@code <base>/<ca>.crl} must serve
     *     {@code crl/<ca>.crl}
     * @param crlValidity time between a CRL's thisUpdate and nextUpdate
     * @param ocspUrl when set, party certificates name this OCSP responder (authorityInfoAccess)
     */
    public record Options(String crlBaseUrl, Duration crlValidity, String ocspUrl) {
        public static final String DEFAULT_CRL_BASE_URL = "http://localhost/dkgw-test-crl";

        public Options {
            crlBaseUrl = crlBaseUrl == null ? DEFAULT_CRL_BASE_URL : crlBaseUrl.replaceAll("/+$", "");
            crlValidity = crlValidity == null ? Duration.ofDays(7) : crlValidity;
            ocspUrl = ocspUrl == null || ocspUrl.isBlank() ? null : ocspUrl;
        }

        public Options(String crlBaseUrl, Duration crlValidity) {
            this(crlBaseUrl, crlValidity, null);
        }

        public static Options defaults() {
            return new Options(DEFAULT_CRL_BASE_URL, Duration.ofDays(7), null);
        }

        public Options withCrlBaseUrl(String url) {
            return new Options(url, crlValidity, ocspUrl);
        }

        public Options withOcspUrl(String url) {
            return new Options(crlBaseUrl, crlValidity, url);
        }
    }

    static final String MANIFEST = "testpki.properties";
    static final String ROOT = "root";
    static final String DOMAIN = "domain";
    static final String ISSUING = "issuing";
    static final String UNTRUSTED_ROOT = "untrusted-root";
    static final String UNTRUSTED_ISSUING = "untrusted-issuing";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final char[] password;
    private final Options options;
    private final Map<String, PartySpec> parties;
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

    private TestPki(Path dir, char[] password, Options options, List<PartySpec> parties) {
        this.dir = dir;
        this.password = password;
        this.options = options;
        Map<String, PartySpec> byName = new LinkedHashMap<>();
        parties.forEach(p -> byName.put(p.name(), p));
        this.parties = byName;
    }

    public static TestPki generate(Path dir, List<PartySpec> parties) {
        return generate(dir, parties, Options.defaults());
    }

    public static TestPki generate(Path dir, List<PartySpec> parties, Options options) {
        if (parties.stream().map(PartySpec::name).distinct().count() != parties.size()) {
            throw new IllegalArgumentException("Party names must be unique: " + parties);
        }
        char[] password = randomPassword();
        TestPki pki = new TestPki(dir, password, options, parties);
        new Generation(pki).run();
        return pki;
    }

    /** Reopens a directory written by {@link #generate}. */
    public static TestPki open(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException("Directory " + dir + " holds no test PKI (missing " + MANIFEST + ")");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + manifest + ": " + e.getMessage(), e);
        }
        List<PartySpec> parties = new ArrayList<>();
        String names = properties.getProperty("parties", "");
        for (String name : names.isBlank() ? new String[0] : names.split(",")) {
            String defects = properties.getProperty("party." + name + ".defects", "");
            Set<Defect> set = EnumSet.noneOf(Defect.class);
            for (String d : defects.isBlank() ? new String[0] : defects.split(",")) {
                set.add(Defect.valueOf(d));
            }
            parties.add(new PartySpec(
                    name,
                    properties.getProperty("party." + name + ".oin"),
                    properties.getProperty("party." + name + ".host"),
                    set));
        }
        Options options = new Options(
                properties.getProperty("crlBaseUrl"),
                Duration.parse(properties.getProperty("crlValidity", "P7D")),
                properties.getProperty("ocspUrl"));
        return new TestPki(dir, properties.getProperty("password").toCharArray(), options, parties);
    }

    public Path dir() {
        return dir;
    }

    /** The one password of every PKCS#12 file of this test PKI. */
    public char[] password() {
        return password.clone();
    }

    public Options options() {
        return options;
    }

    public List<PartySpec> parties() {
        return List.copyOf(parties.values());
    }

    public PartySpec party(String name) {
        PartySpec party = parties.get(name);
        if (party == null) {
            throw new IllegalArgumentException(
                    "Test PKI in " + dir + " has no party '" + name + "'; it has " + parties.keySet());
        }
        return party;
    }

    /** PKCS#12 trust store holding the (trusted) root certificate. */
    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    public Path trustStorePem() {
        return dir.resolve("trust.pem");
    }

    public TrustAnchors trustAnchors() {
        return TrustAnchors.fromPem(trustStorePem());
    }

    /** The directory with one DER CRL per CA, named {@code <ca>.crl}. */
    public Path crlDirectory() {
        return dir.resolve("crl");
    }

    /** The CA certificates of the trusted hierarchy: root, domain CA, issuing CA. */
    public List<X509Certificate> caCertificates() {
        return List.of(caCertificate(ROOT), caCertificate(DOMAIN), caCertificate(ISSUING));
    }

    public X509Certificate rootCertificate() {
        return caCertificate(ROOT);
    }

    public X509Certificate issuingCaCertificate() {
        return caCertificate(ISSUING);
    }

    public Path tlsServer(String party) {
        return credential(party, Usage.TLS_SERVER);
    }

    public Path tlsClient(String party) {
        return credential(party, Usage.TLS_CLIENT);
    }

    public Path signing(String party) {
        return credential(party, Usage.SIGNING);
    }

    public Path encryption(String party) {
        return credential(party, Usage.ENCRYPTION);
    }

    /** The PKCS#12 file (key and chain) of a party's certificate. */
    public Path credential(String party, Usage usage) {
        return dir.resolve(party(party).name()).resolve(usage.fileName() + ".p12");
    }

    public Path privateKeyPem(String party, Usage usage) {
        return dir.resolve(party(party).name()).resolve(usage.fileName() + ".key.pem");
    }

    /** PEM with the certificate and its CA certificates (without the root). */
    public Path chainPem(String party, Usage usage) {
        return dir.resolve(party(party).name()).resolve(usage.fileName() + ".chain.pem");
    }

    public X509Certificate certificate(String party, Usage usage) {
        return certificates.computeIfAbsent(
                party + "/" + usage,
                k -> PemCertificates.read(chainPem(party, usage)).get(0));
    }

    public KeyMaterial keyMaterial(String party, Usage usage) {
        return KeyMaterial.fromPkcs12(credential(party, usage), password);
    }

    /** Adds the certificate to its issuing CA's CRL and rewrites that CRL now. */
    public void revoke(String party, Usage usage) {
        X509Certificate cert = certificate(party, usage);
        String caName = party(party).defects().contains(Defect.UNTRUSTED_ROOT) ? UNTRUSTED_ISSUING : ISSUING;
        TestCertificateAuthority ca = loadCa(caName);
        List<BigInteger> revoked = new ArrayList<>(revokedSerials(caName));
        revoked.add(cert.getSerialNumber());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        writeCrl(ca, revoked, now.minus(Duration.ofMinutes(5)), now.plus(options.crlValidity()));
    }

    /** Reissues every CA's CRL with the given validity, keeping its revocations (e.g. to make CRLs expire). */
    public void reissueCrls(Instant thisUpdate, Instant nextUpdate) {
        for (String caName : List.of(ROOT, DOMAIN, ISSUING, UNTRUSTED_ROOT, UNTRUSTED_ISSUING)) {
            if (Files.isRegularFile(crlDirectory().resolve(caName + ".crl"))) {
                writeCrl(loadCa(caName), revokedSerials(caName), thisUpdate, nextUpdate);
            }
        }
    }

    /** The current CRL of a CA of this PKI (root, domain, issuing, untrusted-root, untrusted-issuing). */
    public X509CRL crl(String caName) {
        try (var in = Files.newInputStream(crlDirectory().resolve(caName + ".crl"))) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read CRL of " + caName + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key and certificate of a CA of this PKI (root, domain, issuing, untrusted-root, untrusted-issuing), for
     * test responders that must sign as that CA, such as an OCSP responder.
     */
    public KeyMaterial caKeyMaterial(String caName) {
        TestCertificateAuthority ca = loadCa(caName);
        return new KeyMaterial(ca.privateKey(), List.of(ca.certificate()));
    }

    String crlUrl(String caName) {
        return options.crlBaseUrl() + "/" + caName + ".crl";
    }

    private List<BigInteger> revokedSerials(String caName) {
        Set<? extends X509CRLEntry> entries = crl(caName).getRevokedCertificates();
        return entries == null
                ? List.of()
                : entries.stream().map(X509CRLEntry::getSerialNumber).collect(Collectors.toList());
    }

    private X509Certificate caCertificate(String caName) {
        return certificates.computeIfAbsent(
                "ca/" + caName,
                k -> PemCertificates.read(dir.resolve("ca").resolve(caName + ".pem"))
                        .get(0));
    }

    private TestCertificateAuthority loadCa(String caName) {
        try {
            KeyStore store = KeyStore.getInstance(
                    dir.resolve("ca").resolve("ca-keys.p12").toFile(), password);
            PrivateKey key = (PrivateKey) store.getKey(caName, password);
            return new TestCertificateAuthority(caName, key, caCertificate(caName), null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load CA key '" + caName + "' of " + dir + ": " + e.getMessage(), e);
        }
    }

    void writeCrl(TestCertificateAuthority ca, List<BigInteger> revoked, Instant thisUpdate, Instant nextUpdate) {
        X509CRL crl = ca.crl(
                revoked,
                thisUpdate,
                nextUpdate,
                BigInteger.valueOf(System.nanoTime()).abs());
        try {
            Files.createDirectories(crlDirectory());
            Path target = crlDirectory().resolve(ca.fileName() + ".crl");
            Path temp = crlDirectory().resolve(ca.fileName() + ".crl.tmp");
            Files.write(temp, crl.getEncoded());
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | CRLException e) {
            throw new IllegalStateException("Cannot write CRL: " + e.getMessage(), e);
        }
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).toCharArray();
    }

    /** One run of generating the files. */
    private static final class Generation {
        private final TestPki pki;
        private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        private final String id = HexFormat.of().formatHex(randomBytes(4));
        private final KeyStore caKeys;

        Generation(TestPki pki) {
            this.pki = pki;
            try {
                caKeys = KeyStore.getInstance("PKCS12");
                caKeys.load(null, null);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        void run() {
            try {
                Files.createDirectories(pki.dir.resolve("ca"));
                Files.createDirectories(pki.crlDirectory());
                KeyPool.prefetch(4 + 2 * pki.parties.size());
                Instant caFrom = now.minus(Duration.ofDays(1));
                Instant caTo = now.plus(Duration.ofDays(3650));
                TestCertificateAuthority root = TestCertificateAuthority.selfSignedRoot(
                        ROOT,
                        caName("DKGW TEST Staat der Nederlanden Private Root CA - TEST " + id),
                        KeyPool.get(0),
                        caFrom,
                        caTo,
                        pki.crlUrl(ROOT));
                TestCertificateAuthority domain = root.subordinate(
                        DOMAIN,
                        caName("DKGW TEST Domein Private Services CA - TEST " + id),
                        KeyPool.get(1),
                        1,
                        caFrom,
                        caTo,
                        pki.crlUrl(DOMAIN));
                TestCertificateAuthority issuing = domain.subordinate(
                        ISSUING,
                        caName("DKGW TEST Private Services Issuing CA - TEST " + id),
                        KeyPool.get(2),
                        0,
                        caFrom,
                        caTo,
                        pki.crlUrl(ISSUING));
                saveCa(root);
                saveCa(domain);
                saveCa(issuing);
                writeTrustStore(root.certificate());
                List<BigInteger> revoked = new ArrayList<>();
                TestCertificateAuthority untrustedIssuing = null;
                List<BigInteger> untrustedRevoked = new ArrayList<>();
                boolean needsUntrusted =
                        pki.parties.values().stream().anyMatch(p -> p.defects().contains(Defect.UNTRUSTED_ROOT));
                TestCertificateAuthority untrustedRoot = null;
                if (needsUntrusted) {
                    untrustedRoot = TestCertificateAuthority.selfSignedRoot(
                            UNTRUSTED_ROOT,
                            caName("DKGW TEST Untrusted Root CA " + id),
                            KeyPool.get(3),
                            caFrom,
                            caTo,
                            pki.crlUrl(UNTRUSTED_ROOT));
                    untrustedIssuing = untrustedRoot.subordinate(
                            UNTRUSTED_ISSUING,
                            caName("DKGW TEST Untrusted Issuing CA " + id),
                            KeyPool.get(3),
                            0,
                            caFrom,
                            caTo,
                            pki.crlUrl(UNTRUSTED_ISSUING));
                    saveCa(untrustedRoot);
                    saveCa(untrustedIssuing);
                }
                int index = 0;
                for (PartySpec party : pki.parties.values()) {
                    boolean untrusted = party.defects().contains(Defect.UNTRUSTED_ROOT);
                    TestCertificateAuthority ca = untrusted ? untrustedIssuing : issuing;
                    List<X509Certificate> caChain = untrusted
                            ? List.of(untrustedIssuing.certificate(), untrustedRoot.certificate())
                            : List.of(issuing.certificate(), domain.certificate());
                    KeyPair tlsKey = KeyPool.get(4 + 2 * index);
                    KeyPair messageKey = KeyPool.get(5 + 2 * index);
                    for (Usage usage : Usage.values()) {
                        KeyPair keys = usage == Usage.TLS_SERVER || usage == Usage.TLS_CLIENT ? tlsKey : messageKey;
                        X509Certificate cert = ca.issue(profile(party, usage, keys));
                        List<X509Certificate> chain = new ArrayList<>();
                        chain.add(cert);
                        chain.addAll(caChain);
                        writeCredential(party, usage, keys.getPrivate(), chain);
                        if (party.defects().contains(Defect.REVOKED)) {
                            (untrusted ? untrustedRevoked : revoked).add(cert.getSerialNumber());
                        }
                    }
                    index++;
                }
                Instant crlFrom = now.minus(Duration.ofHours(1));
                Instant crlTo = now.plus(pki.options.crlValidity());
                pki.writeCrl(root, List.of(), crlFrom, crlTo);
                pki.writeCrl(domain, List.of(), crlFrom, crlTo);
                pki.writeCrl(issuing, revoked, crlFrom, crlTo);
                if (needsUntrusted) {
                    pki.writeCrl(untrustedRoot, List.of(), crlFrom, crlTo);
                    pki.writeCrl(untrustedIssuing, untrustedRevoked, crlFrom, crlTo);
                }
                try (OutputStream out =
                        Files.newOutputStream(pki.dir.resolve("ca").resolve("ca-keys.p12"))) {
                    caKeys.store(out, pki.password);
                }
                writeManifest();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot write test PKI to " + pki.dir + ": " + e.getMessage(), e);
            }
        }

        private TestCertificateAuthority.LeafProfile profile(PartySpec party, Usage usage, KeyPair keys) {
            Set<Defect> defects = party.defects();
            String oin = defects.contains(Defect.WRONG_OIN) ? wrongOin(party.oin()) : party.oin();
            X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "NL")
                    .addRDN(BCStyle.O, party.name())
                    .addRDN(BCStyle.SERIALNUMBER, oin)
                    .addRDN(
                            BCStyle.CN,
                            usage == Usage.TLS_SERVER ? party.host() : party.name() + " " + usage.fileName());
            Instant from = now.minus(Duration.ofHours(1));
            Instant to = now.plus(Duration.ofDays(730));
            if (defects.contains(Defect.EXPIRED)) {
                from = now.minus(Duration.ofDays(730));
                to = now.minus(Duration.ofDays(1));
            } else if (defects.contains(Defect.NOT_YET_VALID)) {
                from = now.plus(Duration.ofDays(30));
                to = now.plus(Duration.ofDays(760));
            }
            int keyUsage = defects.contains(Defect.MISSING_KEY_USAGE)
                    ? KeyUsage.keyEncipherment
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
            List<KeyPurposeId> eku = switch (usage) {
                case TLS_SERVER -> List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
                case TLS_CLIENT -> List.of(KeyPurposeId.id_kp_clientAuth);
                case SIGNING, ENCRYPTION -> List.of(KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_clientAuth);
            };
            List<GeneralName> altNames = new ArrayList<>();
            if (usage == Usage.TLS_SERVER) {
                altNames.add(new GeneralName(GeneralName.dNSName, party.host()));
                if ("localhost".equals(party.host().toLowerCase(Locale.ROOT))) {
                    altNames.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
                }
            }
            String algorithm = defects.contains(Defect.SHA1_SIGNED) ? "SHA1withRSA" : "SHA256withRSA";
            return new TestCertificateAuthority.LeafProfile(
                    name.build(),
                    keys.getPublic(),
                    from,
                    to,
                    keyUsage,
                    eku,
                    altNames,
                    algorithm,
                    pki.options.ocspUrl());
        }

        private static String wrongOin(String oin) {
            String candidate = "00000099999999999000";
            return candidate.equals(oin) ? "00000099888888888000" : candidate;
        }

        private static X500Name caName(String commonName) {
            return new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "NL")
                    .addRDN(BCStyle.O, "DKGW Test PKI (not PKIoverheid)")
                    .addRDN(BCStyle.CN, commonName)
                    .build();
        }

        private void saveCa(TestCertificateAuthority ca) throws IOException, GeneralSecurityException {
            writePem(pki.dir.resolve("ca").resolve(ca.fileName() + ".pem"), List.of(ca.certificate()), null);
            caKeys.setKeyEntry(ca.fileName(), ca.privateKey(), pki.password, new Certificate[] {ca.certificate()});
        }

        private void writeTrustStore(X509Certificate root) throws IOException, GeneralSecurityException {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("dkgw-test-root", root);
            try (OutputStream out = Files.newOutputStream(pki.trustStore())) {
                trust.store(out, pki.password);
            }
            writePem(pki.trustStorePem(), List.of(root), null);
        }

        private void writeCredential(PartySpec party, Usage usage, PrivateKey key, List<X509Certificate> chain)
                throws IOException, GeneralSecurityException {
            Path partyDir = pki.dir.resolve(party.name());
            Files.createDirectories(partyDir);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    party.name() + "-" + usage.fileName(), key, pki.password, chain.toArray(Certificate[]::new));
            try (OutputStream out = Files.newOutputStream(partyDir.resolve(usage.fileName() + ".p12"))) {
                store.store(out, pki.password);
            }
            writePem(partyDir.resolve(usage.fileName() + ".chain.pem"), chain, null);
            writePem(partyDir.resolve(usage.fileName() + ".key.pem"), List.of(), key);
        }

        private static void writePem(Path file, List<X509Certificate> certs, PrivateKey key) throws IOException {
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                    JcaPEMWriter pem = new JcaPEMWriter(writer)) {
                if (key != null) {
                    pem.writeObject(new JcaPKCS8Generator(key, null));
                }
                for (X509Certificate cert : certs) {
                    pem.writeObject(cert);
                }
            }
        }

        private void writeManifest() throws IOException {
            Properties properties = new Properties();
            properties.setProperty("id", id);
            properties.setProperty("password", new String(pki.password));
            properties.setProperty("crlBaseUrl", pki.options.crlBaseUrl());
            properties.setProperty("crlValidity", pki.options.crlValidity().toString());
            if (pki.options.ocspUrl() != null) {
                properties.setProperty("ocspUrl", pki.options.ocspUrl());
            }
            properties.setProperty("parties", String.join(",", pki.parties.keySet()));
            for (PartySpec party : pki.parties.values()) {
                properties.setProperty("party." + party.name() + ".oin", party.oin());
                properties.setProperty("party." + party.name() + ".host", party.host());
                properties.setProperty(
                        "party." + party.name() + ".defects",
                        party.defects().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
            }
            try (Writer writer = Files.newBufferedWriter(pki.dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                properties.store(writer, "dkgw test PKI (test use only; the password protects test keys)");
            }
        }

        private static byte[] randomBytes(int n) {
            byte[] bytes = new byte[n];
            RANDOM.nextBytes(bytes);
            return bytes;
        }
    }
}
