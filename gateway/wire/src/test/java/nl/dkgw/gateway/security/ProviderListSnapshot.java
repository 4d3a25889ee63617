package nl.dkgw.gateway.security;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM's provider list as a test found it, put back afterwards, so that a test that installs or removes the native
 * provider leaves the tests after it in the same JVM as they would have been.
 */
final class ProviderListSnapshot {

    private final List<Provider> providers;

    private ProviderListSnapshot(List<Provider> providers) {
        this.providers = providers;
    }

    static ProviderListSnapshot take() {
        return new ProviderListSnapshot(List.of(Security.getProviders()));
    }

    void restore() {
        for (Provider p : Security.getProviders()) {
            if (!providers.contains(p)) {
                Security.removeProvider(p.getName());
            }
        }
        for (int i = 0; i < providers.size(); i++) {
            Provider p = providers.get(i);
            Provider[] now = Security.getProviders();
            if (i >= now.length || now[i] != p) {
                Security.removeProvider(p.getName());
                Security.insertProviderAt(p, i + 1);
            }
        }
    }

    static List<String> names() {
        return Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
    }
}
