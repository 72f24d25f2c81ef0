/**
 * Tells a keyboard-wedge scanner from a person typing, by the time between keystrokes. A scanner
 * types a whole code in a burst and ends it with Enter or Tab; a person is slower. Pure: it is
 * fed key events with their times and answers what they complete, so it is tested without a DOM.
 */
export interface KeyStroke {
  type: 'keydown' | 'keyup';
  /** `KeyboardEvent.key`: the character the layout produced, so non-US layouts read right. */
  key: string;
  /** `KeyboardEvent.code`: only used to recognise numpad digits of an Alt code. */
  code?: string;
  time: number;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

export type WedgeResult = { kind: 'scan'; text: string } | { kind: 'incomplete' };

export interface WedgeAnswer {
  result: WedgeResult | null;
  /** The key belongs to a scan: keep it from the page (no focus move on Tab, no button press on Enter). */
  consume: boolean;
}

export interface WedgeOptions {
  /** Keys further apart than this are a person typing (a station setting: Bluetooth scanners are slower). */
  maxKeyGapMs: number;
  /** Fewer characters than this are never a scan. */
  minLength?: number;
}

const GS = '\u001d';
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'OS', 'Hyper', 'Super']);
const NONE: WedgeAnswer = { result: null, consume: false };

export class WedgeDetector {
  private buffer: string[] = [];
  private lastTime = -Infinity;
  /** A scanner-speed burst was broken off: what follows is only the tail of a code. */
  private interrupted = false;
  private altDigits = '';

  constructor(private readonly options: WedgeOptions) {}

  private get minLength() {
    return this.options.minLength ?? 4;
  }

  reset(): void {
    this.buffer = [];
    this.interrupted = false;
    this.altDigits = '';
  }

  feed(k: KeyStroke): WedgeAnswer {
    return k.type === 'keyup' ? this.keyup(k) : this.keydown(k);
  }

  private keyup(k: KeyStroke): WedgeAnswer {
    // Windows Alt codes (Alt+0029 for a GS separator) complete when Alt is released.
    if (k.key === 'Alt' && this.altDigits) {
      const char = String.fromCharCode(Number(this.altDigits) % 256);
      this.altDigits = '';
      return { result: null, consume: this.char(char, k.time) };
    }
    return NONE;
  }

  private keydown(k: KeyStroke): WedgeAnswer {
    if (MODIFIERS.has(k.key)) return NONE;
    if (k.altKey && !k.ctrlKey && /^Numpad\d$/.test(k.code ?? '')) {
      this.altDigits += k.code!.slice(-1);
      return { result: null, consume: true };
    }
    if (k.key === GS || (k.ctrlKey && !k.altKey && k.key === ']')) return { result: null, consume: this.char(GS, k.time) };
    if ((k.ctrlKey && !k.altKey) || k.metaKey) {
      this.reset();
      return NONE;
    }
    if (k.key === 'Enter' || k.key === 'Tab') return this.terminate(k.time);
    if ([...k.key].length === 1) return { result: null, consume: this.char(k.key, k.time) };
    this.reset(); // arrows, Backspace, Escape, function keys: a person at work
    return NONE;
  }

  /** Add a character; true when it continues a scanner-speed burst. */
  private char(c: string, time: number): boolean {
    const gap = time - this.lastTime;
    this.lastTime = time;
    if (this.buffer.length > 0 && gap <= this.options.maxKeyGapMs) {
      this.buffer.push(c);
      return this.buffer.length >= 2;
    }
    if (this.buffer.length >= this.minLength && gap < 1000) this.interrupted = true;
    else if (gap >= 1000) this.interrupted = false;
    this.buffer = [c];
    return false;
  }

  private terminate(time: number): WedgeAnswer {
    const fast = time - this.lastTime <= this.options.maxKeyGapMs * 3;
    const text = this.buffer.join('');
    const complete = this.buffer.length >= this.minLength && fast;
    const interrupted = this.interrupted;
    this.reset();
    if (!complete) return NONE;
    return { result: interrupted ? { kind: 'incomplete' } : { kind: 'scan', text }, consume: true };
  }
}
