package nl.dkgw.chain.simulator;

import nl.dkgw.cpa.DigitalEnvelope;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;

/**
 * What the foreign-peer simulator's CPAs agree, in one place: the syncReplyMode ({@link ForeignHabit#ASYNC_ERRORS}:
 * none, so acknowledgments and errors travel on their own connection) and, for the encrypted profiles, the
 * encryption ({@link ForeignHabit#CBC_RSA15}: AES-128-CBC with RSA 1.5 key transport, all the reference adapter
 * can do). Other simulators agree mshSignalsOnly and AES-GCM with RSA-OAEP.
 */
final class ForeignCpaTerms {

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

    /** The digital envelope the CPA names for the encrypted profiles (ignored by the generator for the others). */
    DigitalEnvelope envelope(Profile profile) {
        return profile.encrypted() && habits.has(ForeignHabit.CBC_RSA15)
                ? DigitalEnvelope.COMPATIBILITY
                : DigitalEnvelope.STANDARD;
    }
}
