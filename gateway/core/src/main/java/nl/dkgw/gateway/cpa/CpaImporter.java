package nl.dkgw.gateway.cpa;

import java.util.List;
import nl.dkgw.cpa.CpaParseException;
import nl.dkgw.cpa.CpaProblem;
import nl.dkgw.cpa.CpaStore;
import nl.dkgw.cpa.CpaStoreException;
import nl.dkgw.cpa.CpaValidator;
import nl.dkgw.cpa.StoredCpa;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a CPA into the gateway: validates it (every problem at once), refuses it when it has errors, and otherwise
 * inserts it or replaces the CPA with the same CPAId. Running nodes use it for the next message. The node's
 * compatibility mode ({@code security.compatibility-mode}) decides whether a CPA naming AES-CBC or RSA 1.5 is refused
 * or accepted with warnings; each warning is logged.
 */
public final class CpaImporter {

    private static final Logger LOG = LoggerFactory.getLogger(CpaImporter.class);

    private final CpaStore store;
    private final CpaValidator validator;

    /** An importer that refuses AES-CBC and RSA 1.5 (compatibility mode off). */
    public CpaImporter(CpaStore store) {
        this(store, false);
    }

    public CpaImporter(CpaStore store, boolean compatibilityMode) {
        this.store = store;
        this.validator = new CpaValidator(compatibilityMode);
    }

    /** The CPA as stored, and the warnings it was accepted with. */
    public record Imported(StoredCpa cpa, List<CpaProblem> warnings, boolean replaced) {}

    /** The CPA has errors; nothing was stored. */
    public static final class RejectedCpaException extends Exception {
        private final List<CpaProblem> problems;

        public RejectedCpaException(String message, List<CpaProblem> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        public List<CpaProblem> problems() {
            return problems;
        }
    }

    public Imported importCpa(String xml) throws RejectedCpaException {
        List<CpaProblem> problems;
        try {
            problems = validator.validate(xml);
        } catch (CpaParseException e) {
            throw new RejectedCpaException("the CPA cannot be read: " + e.getMessage(), List.of());
        }
        List<CpaProblem> errors = problems.stream().filter(CpaProblem::isError).toList();
        if (!errors.isEmpty()) {
            throw new RejectedCpaException(
                    "the CPA has " + errors.size() + " error(s); first: " + errors.get(0), problems);
        }
        List<CpaProblem> warnings = problems.stream().filter(p -> !p.isError()).toList();
        try {
            StoredCpa stored;
            boolean replaced;
            try {
                stored = store.insert(xml);
                replaced = false;
            } catch (CpaStoreException e) {
                if (e.reason() != CpaStoreException.Reason.ALREADY_EXISTS) {
                    throw e;
                }
                stored = store.replace(xml);
                replaced = true;
            }
            for (CpaProblem warning : warnings) {
                LOG.atWarn()
                        .addKeyValue("event", "cpa.warning")
                        .addKeyValue("cpaId", stored.cpaId())
                        .addKeyValue("location", warning.location())
                        .log(warning.message());
            }
            LOG.atInfo()
                    .addKeyValue("event", replaced ? "cpa.replaced" : "cpa.imported")
                    .addKeyValue("cpaId", stored.cpaId())
                    .addKeyValue("version", stored.version())
                    .addKeyValue("warnings", warnings.size())
                    .log("CPA stored");
            return new Imported(stored, warnings, replaced);
        } catch (CpaParseException e) {
            throw new RejectedCpaException("the CPA cannot be read: " + e.getMessage(), List.of());
        }
    }
}
