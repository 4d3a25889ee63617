package nl.dkgw.gateway.gb.transfer;

import java.util.Objects;

/** Why a file did not arrive: the standard's code and what happened. */
public record TransferFailure(GbError error, String detail) {

    public TransferFailure {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(detail, "detail");
    }

    /** The reason as a transfer reports it: {@code CODE (requirement): detail}. */
    public String reason() {
        return error.reason(detail);
    }

    /** The same code with more said before the detail, e.g. how many attempts were made. */
    public TransferFailure after(String context) {
        return new TransferFailure(error, context + detail);
    }
}
