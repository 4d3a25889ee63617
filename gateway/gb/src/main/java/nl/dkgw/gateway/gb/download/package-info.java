/**
 * The receiving side's GB downloads (pull): fetch a file over mutual TLS into a part file, resume with byte ranges
 * after a broken connection or a restart, verify size and checksum, with a bounded number at once.
 */
package nl.dkgw.gateway.gb.download;
