/** A server time as people read it in a command's list or message: "2026-11-30 09:12 UTC"; anything else as it is. */
export const utcMinute = (iso: string): string => (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : iso);

/** A list in a sentence: "a", "a and b", "a, b and c". */
export const joinedWithAnd = (words: readonly string[]): string => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

const GB = 1024 ** 3;

/** A size as a warehouse's admin reads it: megabytes, or gigabytes from 1 GB, to a tenth. */
export const bytesInWords = (bytes: number): string => (bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);
