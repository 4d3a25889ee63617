package nl.dkgw.cpa;

/** CPPA 2.0 syncReplyMode. Digikoppeling allows only {@link #NONE} and {@link #MSH_SIGNALS_ONLY}. */
public enum SyncReplyMode {
    NONE("none"),
    MSH_SIGNALS_ONLY("mshSignalsOnly"),
    SIGNALS_ONLY("signalsOnly"),
    RESPONSE_ONLY("responseOnly"),
    SIGNALS_AND_RESPONSE("signalsAndResponse");

    private final String cppaValue;

    SyncReplyMode(String cppaValue) {
        this.cppaValue = cppaValue;
    }

    public String cppaValue() {
        return cppaValue;
    }

    public static SyncReplyMode fromCppa(String value) {
        if (value == null) return NONE;
        for (SyncReplyMode m : values()) if (m.cppaValue.equals(value)) return m;
        throw new IllegalArgumentException("unknown syncReplyMode '" + value + "'");
    }
}
