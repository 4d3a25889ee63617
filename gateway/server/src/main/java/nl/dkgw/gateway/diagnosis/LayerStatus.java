package nl.dkgw.gateway.diagnosis;

/** The verdict on one layer. */
public enum LayerStatus {
    /** The layer works. */
    PASS,
    /** The layer works, but something deserves a look (the link is not broken by it). */
    WARN,
    /** The layer is broken; the layers above it were not checked. */
    FAIL,
    /** Not checked: a lower layer failed, or the check was not asked for or cannot run here. */
    SKIPPED
}
