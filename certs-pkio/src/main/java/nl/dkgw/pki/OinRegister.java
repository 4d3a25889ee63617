package nl.dkgw.pki;

import java.util.Arrays;
import java.util.Optional;

/**
 * The register an OIN's 8-digit prefix points at (OIN-Stelsel prefix table). The main number after the prefix is
 * 8 digits followed by suffix 0000 when it is a KvK number, otherwise 9 digits followed by suffix 000.
 */
public enum OinRegister {
    RSIN("00000001", "RSIN (Handelsregister)", 9),
    FI_NUMBER("00000002", "Fi-number (Belastingdienst)", 9),
    KVK("00000003", "KvK number (Handelsregister)", 8),
    SUB_OIN("00000004", "SubOIN register", 9),
    LOGIUS("00000006", "main number issued by Logius", 9),
    BRIN("00000007", "BRIN (DUO)", 9),
    FOREIGN("00000008", "foreign organisation", 9),
    UZI("00000009", "UZI register", 9),
    TEST("00000099", "test OIN", 9);

    private final String prefix;
    private final String description;
    private final int mainNumberLength;

    OinRegister(String prefix, String description, int mainNumberLength) {
        this.prefix = prefix;
        this.description = description;
        this.mainNumberLength = mainNumberLength;
    }

    public String prefix() {
        return prefix;
    }

    public String description() {
        return description;
    }

    /** 8 for KvK numbers, 9 otherwise; the suffix fills the rest of the 12 positions with zeros. */
    public int mainNumberLength() {
        return mainNumberLength;
    }

    public String suffix() {
        return "0".repeat(12 - mainNumberLength);
    }

    public static Optional<OinRegister> byPrefix(String prefix) {
        return Arrays.stream(values()).filter(r -> r.prefix.equals(prefix)).findFirst();
    }
}
