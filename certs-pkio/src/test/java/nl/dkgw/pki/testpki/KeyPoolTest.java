package nl.dkgw.pki.testpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPoolTest {

    @TempDir
    Path cache;

    @Test
    void storesAGeneratedKeyOwnerOnlyAndReadsItBack() throws Exception {
        KeyPair first = KeyPool.loadOrGenerate(cache, 7);
        KeyPair again = KeyPool.loadOrGenerate(cache, 7);

        assertThat(again.getPrivate().getEncoded()).isEqualTo(first.getPrivate().getEncoded());
        assertThat(again.getPublic()).isEqualTo(first.getPublic());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.resolve("key-7.pk8"))))
                .isEqualTo("rw-------");
    }

    @Test
    void replacesAnUnreadableCacheEntry() throws Exception {
        Files.write(cache.resolve("key-3.pk8"), new byte[] {1, 2, 3});

        KeyPair keys = KeyPool.loadOrGenerate(cache, 3);

        assertThat(keys.getPrivate().getAlgorithm()).isEqualTo("RSA");
        assertThat(Files.readAllBytes(cache.resolve("key-3.pk8")))
                .isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void withoutCacheItOnlyGenerates() {
        assertThat(KeyPool.loadOrGenerate(null, 0).getPublic().getAlgorithm()).isEqualTo("RSA");
    }
}
