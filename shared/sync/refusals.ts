/** Why the server refused a fact (SYNC.md: reject only the impossible), as a supervisor reads it. */
const REFUSAL_WORDS: Record<string, string> = {
  unknown_rma: 'the server does not know this RMA',
  role_not_allowed: 'the person who recorded it may not record that',
  unknown_event: 'it corrects a fact the server never had from this station',
  // Recorded after the station lost its database, under a number it had already given another fact.
  station_seq_taken: 'the server holds another fact under its number (this station lost its database and numbered again); it is kept here only',
  // Servers before exception ids followed from their facts refused these; a station may hold such a refusal still.
  unknown_exception: 'it resolves an exception the server never raised',
};

export function refusalInWords(reason: string): string {
  return Object.hasOwn(REFUSAL_WORDS, reason) ? REFUSAL_WORDS[reason]! : reason.replaceAll('_', ' ');
}
