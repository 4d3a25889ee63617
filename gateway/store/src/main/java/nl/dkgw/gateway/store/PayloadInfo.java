package nl.dkgw.gateway.store;

/** A stored payload part without its content: position, Content-ID, type and size in bytes. */
public record PayloadInfo(int index, String contentId, String contentType, long size) {}
