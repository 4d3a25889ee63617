package nl.dkgw.gateway.ebms;

/** The ebMS 2.0 error codes (section 4.2.3.4.1 of the ebMS 2.0 specification). */
public enum ErrorCode {
    ValueNotRecognized,
    NotSupported,
    Inconsistent,
    OtherXml,
    DeliveryFailure,
    TimeToLiveExpired,
    SecurityFailure,
    MimeProblem,
    Unknown
}
