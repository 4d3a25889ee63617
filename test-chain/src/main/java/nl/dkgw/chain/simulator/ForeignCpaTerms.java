package nl.dkgw.chain.simulator;

import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;

/**
 * What the foreign-peer simulator's CPAs agree, in one place: the syncReplyMode ({@link ForeignHabit#ASYNC_ERRORS}:
 * none, so acknowledgments and errors travel on their own connection) and, for the encrypted profiles, the
 * encryption ({@link ForeignHabit#CBC_RSA15}: AES-128-CBC with RSA 1.5 key transport, all the reference adapter
 * can do). Other simulators agree mshSignalsOnly and AES-GCM with RSA-OAEP.
 */
final class ForeignCpaTerms {

    static final String AES128_GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm";
    static final String RSA_OAEP = "http://www.w3.org/2009/xmlenc11#rsa-oaep";
    static final String AES128_CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc";
    static final String RSA_1_5 = "http://www.w3.org/2001/04/xmlenc#rsa-1_5";

    private final ForeignHabits habits;

    ForeignCpaTerms(ForeignHabits habits) {
        this.habits = habits;
    }

    /** The terms of a dkgw simulator: signals synchronously, AES-GCM. */
    static ForeignCpaTerms ours() {
        return new ForeignCpaTerms(ForeignHabits.none());
    }

    SyncReplyMode syncReplyMode() {
        return habits.has(ForeignHabit.ASYNC_ERRORS) ? SyncReplyMode.NONE : SyncReplyMode.MSH_SIGNALS_ONLY;
    }

    boolean cbc(Profile profile) {
        return profile.encrypted() && habits.has(ForeignHabit.CBC_RSA15);
    }

    /**
     * The generated CPA with these terms' encryption: for CBC the SenderDigitalEnvelope and ReceiverDigitalEnvelope
     * of both parties name AES-128-CBC and RSA 1.5 instead of AES-128-GCM and RSA-OAEP.
     * TODO(issue 13, compat): when `dkgw cpa generate` takes the encryption algorithm as an option, ask the
     * generator for it here instead of replacing the URIs in its output.
     */
    String applyTo(String cpaXml, Profile profile) {
        if (!cbc(profile)) {
            return cpaXml;
        }
        return cpaXml.replace(AES128_GCM, AES128_CBC).replace(RSA_OAEP, RSA_1_5);
    }
}
