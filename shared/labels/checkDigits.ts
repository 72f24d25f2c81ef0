/** Check-digit arithmetic for the label forms of DESIGN.md, *Scanning*. Digits only unless said. */

const digitsOf = (s: string) => Array.from(s, (ch) => ch.charCodeAt(0) - 48);

/** Luhn over a payload: the check digit that makes payload + digit pass. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  const d = digitsOf(payload);
  for (let i = d.length - 1, double = true; i >= 0; i--, double = !double) {
    let v = d[i]!;
    if (double) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * The carriers' "mod 10": weights alternate from the first character (index 0 takes
 * `evenWeight`); letters count as (code − 3) mod 10, as UPS defines them.
 */
export function mod10CheckDigit(payload: string, evenWeight: number, oddWeight: number): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const code = payload.charCodeAt(i);
    const v = code >= 48 && code <= 57 ? code - 48 : (code - 3) % 10;
    sum += v * (i % 2 === 0 ? evenWeight : oddWeight);
  }
  return (10 - (sum % 10)) % 10;
}

/** GS1 (UPC/EAN/GTIN): weight 3 on the digit nearest the check digit, alternating leftwards. */
export function gs1CheckDigit(payload: string): number {
  let sum = 0;
  const d = digitsOf(payload);
  for (let i = d.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += d[i]! * w;
  return (10 - (sum % 10)) % 10;
}

/** FedEx Express: weights 3, 1, 7 repeating from the left, sum mod 11 mod 10. */
export function fedexExpressCheckDigit(payload: string): number {
  const weights = [3, 1, 7];
  let sum = 0;
  const d = digitsOf(payload);
  for (let i = 0; i < d.length; i++) sum += d[i]! * weights[i % 3]!;
  return (sum % 11) % 10;
}

/** DHL Express: the payload as a number mod 7 (done digit by digit: 10 digits overflow nothing, but 40 would). */
export function mod7CheckDigit(payload: string): number {
  let r = 0;
  for (const v of digitsOf(payload)) r = (r * 10 + v) % 7;
  return r;
}

export function lastDigit(s: string): number {
  return s.charCodeAt(s.length - 1) - 48;
}
