package nl.dkgw.pki.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.testpki.TestPki.Defect;
import nl.dkgw.pki.testpki.TestPki.PartySpec;

/** One test PKI with a good pair of parties and one party per defect, generated once per test JVM. */
public final class SharedTestPki {
    public static final String ALICE_OIN = "00000099000000001000";
    public static final String BOB_OIN = "00000001823288444000";

    private static TestPki pki;

    private SharedTestPki() {}

    public static synchronized TestPki get() {
        if (pki == null) {
            try {
                Path dir = Files.createTempDirectory("dkgw-shared-testpki");
                pki = TestPki.generate(
                        dir,
                        List.of(
                                new PartySpec("alice", ALICE_OIN, "localhost"),
                                new PartySpec("bob", BOB_OIN, "localhost"),
                                new PartySpec("expired", "00000099000000002000").with(Defect.EXPIRED),
                                new PartySpec("early", "00000099000000003000").with(Defect.NOT_YET_VALID),
                                new PartySpec("revoked", "00000099000000004000").with(Defect.REVOKED),
                                new PartySpec("wrongoin", "00000099000000005000").with(Defect.WRONG_OIN),
                                new PartySpec("nokeyusage", "00000099000000006000").with(Defect.MISSING_KEY_USAGE),
                                new PartySpec("sha1", "00000099000000007000").with(Defect.SHA1_SIGNED),
                                new PartySpec("rogue", "00000099000000008000").with(Defect.UNTRUSTED_ROOT)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return pki;
    }
}
