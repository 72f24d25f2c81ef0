import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** A station token as the server keeps it: its SHA-256, in hex (a stolen database holds no usable token). */
export const tokenHashOf = (token: string): string => bytesToHex(sha256(utf8ToBytes(token)));

/**
 * Before a station sends its token to a new address (its server moved), the server there shows it
 * already holds that token's hash: it answers this for the station's fresh `nonce`, which the
 * station works out from its own token. A server that never linked the station cannot; the token
 * itself never leaves the station until it could.
 */
export const stationProof = (tokenHash: string, nonce: string): string => bytesToHex(hmac(sha256, utf8ToBytes(tokenHash), utf8ToBytes(nonce)));

/** What a server answers (404) when it holds no linked station with the id asked about. */
export const NO_LINKED_STATION = 'this server has no linked station with that id';
