package nl.dkgw.gateway.diagnosis;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import nl.dkgw.pki.KeyMaterial;

/**
 * Presents this gateway's client key and chain whenever a server asks, and remembers that it asked and which CA
 * names it said it accepts.
 */
final class PresentingKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "own";
    private final KeyMaterial own;
    private volatile boolean asked;
    private volatile List<String> issuers = List.of();

    PresentingKeyManager(KeyMaterial own) {
        this.own = own;
    }

    boolean asked() {
        return asked;
    }

    List<String> issuersAskedFor() {
        return issuers;
    }

    private String present(Principal[] acceptable) {
        asked = true;
        List<String> names = new ArrayList<>();
        if (acceptable != null) {
            for (Principal p : acceptable) {
                names.add(p.getName());
            }
        }
        issuers = List.copyOf(names);
        return ALIAS;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return present(issuers);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return present(issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? own.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? own.privateKey() : null;
    }
}
