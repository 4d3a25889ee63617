package nl.dkgw.gateway.api;

/** A payload part of a stored message without its content: position, Content-ID, type and size in bytes. */
public record PayloadSummary(int index, String contentId, String contentType, long size) {}
