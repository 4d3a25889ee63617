package nl.dkgw.cpa;

import java.util.Arrays;
import java.util.Optional;

/** The six Digikoppeling ebMS2 profiles. Every exchange fits exactly one. */
public enum Profile {
    OSB_BE("osb-be", false, false, false),
    OSB_RM("osb-rm", true, false, false),
    OSB_BE_S("osb-be-s", false, true, false),
    OSB_RM_S("osb-rm-s", true, true, false),
    OSB_BE_E("osb-be-e", false, true, true),
    OSB_RM_E("osb-rm-e", true, true, true);

    private final String code;
    private final boolean reliable;
    private final boolean signed;
    private final boolean encrypted;

    Profile(String code, boolean reliable, boolean signed, boolean encrypted) {
        this.code = code;
        this.reliable = reliable;
        this.signed = signed;
        this.encrypted = encrypted;
    }

    public String code() {
        return code;
    }

    public boolean reliable() {
        return reliable;
    }

    public boolean signed() {
        return signed;
    }

    public boolean encrypted() {
        return encrypted;
    }

    public static Optional<Profile> fromCode(String code) {
        return Arrays.stream(values())
                .filter(p -> p.code.equalsIgnoreCase(code))
                .findFirst();
    }

    public static Profile of(boolean reliable, boolean signed, boolean encrypted) {
        for (Profile p : values()) {
            if (p.reliable == reliable && p.signed == (signed || encrypted) && p.encrypted == encrypted) {
                return p;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
