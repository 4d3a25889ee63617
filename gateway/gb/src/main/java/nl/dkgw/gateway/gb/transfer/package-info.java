/** HTTP byte ranges (RFC 7233) as GB001 requires them, free of any HTTP server or client. */
package nl.dkgw.gateway.gb.transfer;
