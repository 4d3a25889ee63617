/**
 * The sending side's GB file store: files taken from a stream and kept under unguessable ids until their lifetime
 * ends, with size and SHA-256 computed on the way in.
 */
package nl.dkgw.gateway.gb.store;
