import { createPrivateKey, X509Certificate } from 'node:crypto';

/** A certificate and its private key, as PEM text (the files `rmadock serve --tls-cert --tls-key` name). */
export interface TlsFiles {
  cert: string;
  key: string;
}

/** What the server tells its admin at start about the certificate it serves. */
export interface TlsCertificate extends TlsFiles {
  /** The names and addresses the certificate covers: a station must use one of them in its address. */
  names: string[];
  validTo: Date;
  /** Said at start when the certificate runs out soon: stations stop connecting the moment it does. */
  warning: string | null;
}

/** A certificate that runs out within this many days is said at every start, and to every station. */
const RENEW_WITHIN_DAYS = 30;

const DAY_MS = 86_400_000;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The day the certificate runs out, when that is soon enough to say (a server runs for months past its start). */
export function renewalDue(validTo: Date, now: Date): string | null {
  return validTo.getTime() - now.getTime() <= RENEW_WITHIN_DAYS * DAY_MS ? day(validTo) : null;
}

/** "runs out on 2027-03-01, in 91 days", and in its last weeks what to do: at the server's start and in `rmadock status`. */
export function runsOutInWords(validTo: Date, now: Date): string {
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  return `runs out on ${day(validTo)}, in ${daysLeft} day${daysLeft === 1 ? '' : 's'}${renewalDue(validTo, now) ? ': renew it before then, or stations stop syncing' : ''}`;
}

/**
 * The certificate and key checked before the server listens, each problem in words: a server
 * that started with a key of another certificate, or with one that has run out, would answer no
 * station, and each would only say it cannot connect.
 */
export function checkedCertificate(files: TlsFiles, now: Date): TlsCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(files.cert);
  } catch {
    throw new Error('the certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  }
  let key;
  try {
    key = createPrivateKey(files.key);
  } catch {
    throw new Error('the key file holds no PEM private key, or one protected by a passphrase (the server cannot ask for one)');
  }
  if (!certificate.checkPrivateKey(key)) throw new Error('the key file holds the key of another certificate: give the key made with this certificate');
  const validFrom = new Date(certificate.validFrom);
  const validTo = new Date(certificate.validTo);
  if (now < validFrom) throw new Error(`the certificate is valid only from ${day(validFrom)}: check this computer's date, or use another certificate`);
  if (now > validTo) throw new Error(`the certificate ran out on ${day(validTo)}: stations would refuse it. Renew it`);
  // Chromium, which every station is, checks the address only against these, never the common name.
  const names = (certificate.subjectAltName ?? '').split(', ').flatMap((name) => /^(?:DNS|IP Address):(.+)$/.exec(name)?.[1] ?? []);
  if (!names.length) throw new Error('the certificate names no host or address (subjectAltName): stations would refuse it. Make it with the server\'s name or address as a subjectAltName');
  return {
    ...files,
    names,
    validTo,
    warning: renewalDue(validTo, now) ? `the certificate ${runsOutInWords(validTo, now)}` : null,
  };
}
