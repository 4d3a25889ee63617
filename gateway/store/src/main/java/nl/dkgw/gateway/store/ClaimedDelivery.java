package nl.dkgw.gateway.store;

import java.util.Optional;

/**
 * A delivery task this node just claimed, with what posting its message needs, read in the claim's own unit of work
 * ({@link DeliveryTasks#claimDueToPost}); empty when the message is gone (purged).
 */
public record ClaimedDelivery(DeliveryTask task, Optional<MessageToPost> toPost) {}
