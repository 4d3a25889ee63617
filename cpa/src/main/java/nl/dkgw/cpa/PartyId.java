package nl.dkgw.cpa;

import java.util.Objects;

/** A party identifier as it appears in a CPA and an ebMS header: a value with an optional type (urn:osb:oin). */
public record PartyId(String type, String value) {
    public static final String OIN_TYPE = "urn:osb:oin";

    public PartyId {
        Objects.requireNonNull(value, "PartyId value");
    }

    public static PartyId oin(String oin) {
        return new PartyId(OIN_TYPE, oin);
    }

    /** The OIN this party id names: the value without a non-production suffix such as _T or _OTA. */
    public String oinWithoutEnvironmentSuffix() {
        int underscore = value.indexOf('_');
        return underscore < 0 ? value : value.substring(0, underscore);
    }

    @Override
    public String toString() {
        return type == null ? value : type + ":" + value;
    }
}
