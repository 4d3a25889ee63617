package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.jdbc.StoreTransactions;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store transactions one reliable message (osb-rm, osb-rm-s) costs each side, counted from the nodes' own store counters (issue 15:
 * at most one per message per side on the hot path). Only the work done for the message is counted: the test's own
 * look-ups run on its threads and are left out, and so are the delivery pollers' claims, which serve every task due
 * at once and cost the same for one message as for a batch of them.
 */
@Slow
class TransactionsPerMessageTest {

    @TempDir
    Path dir;

    /**
     * At most this many per side, for a profile and acknowledgment mode; lower them when a change saves one. A signed
     * profile's asynchronous receipt is looked up and checked before it is applied: one more on the sender.
     */
    static Stream<Arguments> budgets() {
        return Stream.of(
                Arguments.of(Profile.OSB_RM, SyncReplyMode.NONE, 3, 2),
                Arguments.of(Profile.OSB_RM, SyncReplyMode.MSH_SIGNALS_ONLY, 2, 1),
                Arguments.of(Profile.OSB_RM_S, SyncReplyMode.NONE, 4, 2),
                Arguments.of(Profile.OSB_RM_S, SyncReplyMode.MSH_SIGNALS_ONLY, 2, 1));
    }

    @ParameterizedTest(name = "{0}, {1}: sender <= {2}, receiver <= {3}")
    @MethodSource("budgets")
    void oneReliableMessageCostsEachSideAFixedNumberOfStoreTransactions(
            Profile profile, SyncReplyMode mode, int atMostSender, int atMostReceiver) throws Exception {
        try (LocalChain chain = LocalChain.start(dir, Map.of(), Duration.ofSeconds(5), List.of(profile), mode)) {
            String cpaId = chain.cpaId(profile);
            Traced sender = Traced.of(chain.consumer());
            Traced receiver = Traced.of(chain.provider());

            StoredMessage m = chain.consumer()
                    .submit(Submission.of(
                            cpaId,
                            LocalChain.serviceName(profile),
                            LocalChain.TO_PROVIDER,
                            Submission.Part.of("text/plain", "x".getBytes(StandardCharsets.UTF_8))));
            sender.messageSubmitted();
            receiver.messageSubmitted();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .message()
                                    .status()
                            == MessageStatus.ACKNOWLEDGED);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> NodeInternals.store(chain.provider())
                                            .deliveryTasks()
                                            .pending()
                                    == 0
                            && NodeInternals.store(chain.consumer())
                                            .deliveryTasks()
                                            .pending()
                                    == 0
                            && !chain.consumer()
                                    .report(m.messageId())
                                    .orElseThrow()
                                    .attempts()
                                    .isEmpty());
            sender.stop();
            receiver.stop();

            System.out.println("store transactions for one message, " + profile + ", " + mode + ", sender:\n" + sender
                    + "\nreceiver:\n" + receiver);
            assertThat(sender.work())
                    .as("the sender's, " + profile + ", " + mode)
                    .hasSizeLessThanOrEqualTo(atMostSender);
            assertThat(receiver.work())
                    .as("the receiver's, " + profile + ", " + mode)
                    .hasSizeLessThanOrEqualTo(atMostReceiver);
        }
    }

    /**
     * The units of work one node ran for the message, in order, with the thread that ran them: not the delivery
     * pollers' claims, not the test's own look-ups (on its thread once the message was submitted, and on Awaitility's).
     */
    record Traced(StoreTransactions counts, List<String> work, Thread test, AtomicBoolean submitted)
            implements StoreTransactions.Trace {

        static Traced of(Gateway node) {
            Traced t = new Traced(
                    NodeInternals.storeTransactions(node),
                    new CopyOnWriteArrayList<>(),
                    Thread.currentThread(),
                    new AtomicBoolean());
            t.counts.trace(t);
            return t;
        }

        @Override
        public void ran(String doing, boolean transaction) {
            Thread thread = Thread.currentThread();
            boolean theTests = thread.getName().startsWith("awaitility") || thread == test && submitted.get();
            if (theTests || doing.startsWith("claiming delivery tasks")) {
                return;
            }
            work.add((transaction ? "transaction " : "auto-commit ") + doing + "  [" + thread.getName() + "]");
        }

        void messageSubmitted() {
            submitted.set(true);
        }

        void stop() {
            counts.trace(null);
        }

        @Override
        public String toString() {
            return String.join("\n", work);
        }
    }
}
