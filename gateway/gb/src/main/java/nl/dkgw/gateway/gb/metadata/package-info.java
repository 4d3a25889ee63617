/**
 * The metadata of Digikoppeling Grote Berichten: the document an ordinary ebMS message carries to announce a large
 * file (namespace {@code http://www.logius.nl/digikoppeling/gb/2010/10}, the pull principle), read and written
 * against the standard's own schema.
 */
package nl.dkgw.gateway.gb.metadata;
