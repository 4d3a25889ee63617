package nl.dkgw.cpa;

import static nl.dkgw.cpa.TestCpas.CONSUMER;
import static nl.dkgw.cpa.TestCpas.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whether MSH signals answer a party on the same connection is read from the party's default MSH channel. */
class SignalSyncReplyModeTest {

    @ParameterizedTest
    @EnumSource(
            value = SyncReplyMode.class,
            names = {"NONE", "MSH_SIGNALS_ONLY"})
    void theDefaultChannelOfEachPartySaysHowSignalsAnswerIt(SyncReplyMode mode) throws Exception {
        ServiceSpec s = TestCpas.service(Profile.OSB_RM);
        ServiceSpec service = new ServiceSpec(
                s.serviceName(),
                s.profile(),
                s.providerRole(),
                s.consumerRole(),
                s.actions(),
                s.retries(),
                s.retryInterval(),
                s.persistDuration(),
                mode,
                s.provider());

        Cpa cpa = new CpaParser().parse(CpaGenerator.generate(service, TestCpas.consumer()));

        assertThat(cpa.signalSyncReplyModeOf(CONSUMER)).isEqualTo(mode);
        assertThat(cpa.signalSyncReplyModeOf(PROVIDER)).isEqualTo(mode);
        assertThat(cpa.signalSyncReplyModeOf(PartyId.oin("00000099999999999999")))
                .isEqualTo(SyncReplyMode.NONE);
    }
}
