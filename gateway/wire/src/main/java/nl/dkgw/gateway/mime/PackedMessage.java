package nl.dkgw.gateway.mime;

/** A message ready for the wire: the HTTP Content-Type (with boundary, type and start) and the body. */
public record PackedMessage(String contentType, byte[] body) {}
