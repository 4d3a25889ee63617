/**
 * Grote Berichten push (2020/09): the receiver's store of files peers uploaded with {@code PUT}, and the sender's
 * upload of a stored file to the receiver's URL, repeated whole after a failure (GB016: every PUT overwrites).
 */
package nl.dkgw.gateway.gb.push;
