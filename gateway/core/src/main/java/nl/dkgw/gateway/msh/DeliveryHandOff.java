package nl.dkgw.gateway.msh;

import java.util.Optional;
import nl.dkgw.gateway.store.DeliveryTask;
import nl.dkgw.gateway.store.MessageToPost;

/**
 * Hands a message that was just stored straight to a free delivery worker of this node, so it is posted without a
 * poll and a claim first. The worker is set aside before the message is stored ({@link #reserve()}); the message's
 * task is then stored already claimed by this node ({@link Slot#hold}); once the transaction committed, the slot
 * takes the message ({@link Slot#deliver}). A slot not used is given back by {@link Slot#close()}. When no worker is
 * free the slot may be a place in a short line that the next free worker posts from; when that is full too there is
 * no slot, and the message waits for the pollers.
 */
public interface DeliveryHandOff {

    /** No hand-off: every message waits for the pollers. */
    DeliveryHandOff NONE = partBytes -> Optional.empty();

    /**
     * A free worker (or a place in line for the next one) set aside for a message whose parts, held in memory until it
     * is posted, come to {@code partBytes}; empty when none is (or when stopping).
     */
    Optional<Slot> reserve(long partBytes);

    /** {@link #reserve(long)} for a message without payload parts (a signal). */
    default Optional<Slot> reserve() {
        return reserve(0);
    }

    /** One delivery worker set aside for one message. */
    interface Slot extends AutoCloseable {

        /** {@code task} claimed by this node from the moment it is stored, for the delivery's lease. */
        DeliveryTask hold(DeliveryTask task);

        /**
         * Posts the stored message on the reserved worker: {@code task} as stored (its key set, held by this node),
         * {@code toPost} its row, envelope and payloads as stored. Only after the insert committed.
         */
        void deliver(DeliveryTask task, MessageToPost toPost);

        /** Gives the worker back unless {@link #deliver} took it. */
        @Override
        void close();
    }
}
