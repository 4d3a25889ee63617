package nl.dkgw.gateway.msh;

import java.util.List;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.NewFileTransfer;

/**
 * Files a received business message announces besides its payloads (Grote Berichten metadata), which the node
 * downloads before the application is offered the message. {@link InboundProcessor} asks after the message passed its
 * checks and stores the files with it in one transaction; the node implements this port (the MSH does not read GB
 * metadata itself).
 */
public interface AnnouncedFiles {

    /** No file is ever announced: GB is off. */
    AnnouncedFiles NONE = new AnnouncedFiles() {
        @Override
        public List<NewFileTransfer> of(MessageHeader header, List<Payload> payloads) {
            return List.of();
        }

        @Override
        public void stored(long messagePk) {}
    };

    /**
     * The files the payloads announce, empty for an ordinary message.
     *
     * @throws EbmsException when a payload is GB metadata that cannot be accepted; the message is refused with it
     */
    List<NewFileTransfer> of(MessageHeader header, List<Payload> payloads) throws EbmsException;

    /** A message that announces files was stored (its transfers with it): their downloads may start. */
    void stored(long messagePk);
}
