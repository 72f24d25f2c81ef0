import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WedgeDetector, type KeyStroke, type WedgeResult } from '../../renderer/scan/wedge';

/** Key strokes for `text` typed `gap` ms apart, ending with `end`. */
function typed(text: string, gap: number, start = 1000, end: 'Enter' | 'Tab' | null = 'Enter'): KeyStroke[] {
  const keys: KeyStroke[] = [...text].map((key, i) => ({ type: 'keydown', key, time: start + i * gap }));
  if (end) keys.push({ type: 'keydown', key: end, time: start + text.length * gap });
  return keys;
}

function run(detector: WedgeDetector, keys: KeyStroke[]): { results: WedgeResult[]; consumed: string[] } {
  const results: WedgeResult[] = [];
  const consumed: string[] = [];
  for (const k of keys) {
    const a = detector.feed(k);
    if (a.result) results.push(a.result);
    if (a.consume) consumed.push(k.key);
  }
  return { results, consumed };
}

const usb = () => new WedgeDetector({ maxKeyGapMs: 35 });

describe('the wedge scanner', () => {
  it('reads a fast burst ending in Enter or Tab as one scan, and keeps the terminator from the page', () => {
    const a = run(usb(), typed('RMA10000016', 8));
    expect(a.results).toEqual([{ kind: 'scan', text: 'RMA10000016' }]);
    expect(a.consumed.at(-1)).toBe('Enter');
    const b = run(usb(), typed('1Z5R89390357567127', 5, 1000, 'Tab'));
    expect(b.results).toEqual([{ kind: 'scan', text: '1Z5R89390357567127' }]);
    expect(b.consumed).toContain('Tab');
  });

  it('does not take a fast typist for a scanner', () => {
    const a = run(usb(), typed('RMA10000016', 60));
    expect(a.results).toEqual([]);
    expect(a.consumed).toEqual([]);
    // Bursts of two or three quick keys among slower ones are still typing.
    const keys = [...typed('RM', 20, 1000, null), ...typed('A1', 20, 1200, null), ...typed('00', 20, 1400, null), { type: 'keydown' as const, key: 'Enter', time: 1500 }];
    expect(run(usb(), keys).results).toEqual([]);
  });

  it('takes a slower Bluetooth scanner when the setting allows it', () => {
    expect(run(usb(), typed('RMA10000016', 80)).results).toEqual([]);
    expect(run(new WedgeDetector({ maxKeyGapMs: 100 }), typed('RMA10000016', 80)).results).toEqual([{ kind: 'scan', text: 'RMA10000016' }]);
  });

  it('does not let Shift leak into the text', () => {
    const keys: KeyStroke[] = [];
    let t = 1000;
    for (const c of 'Rma10000016') {
      if (c !== c.toLowerCase()) keys.push({ type: 'keydown', key: 'Shift', time: (t += 2) });
      keys.push({ type: 'keydown', key: c, time: (t += 2) });
      if (c !== c.toLowerCase()) keys.push({ type: 'keyup', key: 'Shift', time: (t += 2) });
    }
    keys.push({ type: 'keydown', key: 'Enter', time: t + 2 });
    expect(run(usb(), keys).results).toEqual([{ kind: 'scan', text: 'Rma10000016' }]);
  });

  it('keeps a GS separator typed as Alt+0029, as Ctrl+] or sent as the character', () => {
    const altCode = (time: number): KeyStroke[] => [
      { type: 'keydown', key: 'Alt', time },
      ...'0029'.split('').map((d, i) => ({ type: 'keydown' as const, key: d, code: `Numpad${d}`, altKey: true, time: time + 1 + i })),
      { type: 'keyup', key: 'Alt', time: time + 6 },
    ];
    const keys = [...typed('42010282', 3, 1000, null), ...altCode(1025), ...typed('9400111201080805483016', 3, 1033)];
    expect(run(usb(), keys).results).toEqual([{ kind: 'scan', text: '42010282\u001d9400111201080805483016' }]);

    const ctrl = [...typed('420', 3, 1000, null), { type: 'keydown' as const, key: ']', ctrlKey: true, time: 1010 }, ...typed('9400', 3, 1013)];
    expect(run(usb(), ctrl).results).toEqual([{ kind: 'scan', text: '420\u001d9400' }]);

    const raw = [...typed('420', 3, 1000, null), { type: 'keydown' as const, key: '\u001d', time: 1010 }, ...typed('9400', 3, 1013)];
    expect(run(usb(), raw).results).toEqual([{ kind: 'scan', text: '420\u001d9400' }]);
  });

  it('never acts on a truncated code: a broken-off burst is incomplete', () => {
    const keys = [...typed('RMA1000', 5, 1000, null), ...typed('0016', 5, 1200)];
    expect(run(usb(), keys).results).toEqual([{ kind: 'incomplete' }]);
    // The next clean scan reads normally.
    const d = usb();
    run(d, keys);
    expect(run(d, typed('RMA10000016', 5, 5000)).results).toEqual([{ kind: 'scan', text: 'RMA10000016' }]);
  });

  it('ignores a lone Enter, too short a burst, and a slow Enter after a burst', () => {
    expect(run(usb(), [{ type: 'keydown', key: 'Enter', time: 1 }]).results).toEqual([]);
    expect(run(usb(), typed('RMA', 5)).results).toEqual([]);
    const slowEnter = [...typed('RMA10000016', 5, 1000, null), { type: 'keydown' as const, key: 'Enter', time: 1500 }];
    expect(run(usb(), slowEnter).results).toEqual([]);
  });

  it('reads non-US layouts by the character produced', () => {
    expect(run(usb(), typed('ÄÖÜ-ñ€12', 5)).results).toEqual([{ kind: 'scan', text: 'ÄÖÜ-ñ€12' }]);
    // AltGr characters arrive with Ctrl and Alt both set on Windows: still characters.
    const altGr = [...typed('AB', 3, 1000, null), { type: 'keydown' as const, key: '@', ctrlKey: true, altKey: true, time: 1006 }, ...typed('CD', 3, 1009)];
    expect(run(usb(), altGr).results).toEqual([{ kind: 'scan', text: 'AB@CD' }]);
  });

  it('a shortcut or an editing key breaks a burst', () => {
    const keys = [...typed('RMA10', 3, 1000, null), { type: 'keydown' as const, key: 'Backspace', time: 1016 }, ...typed('000016', 3, 1019)];
    expect(run(usb(), keys).results).toEqual([{ kind: 'scan', text: '000016' }]);
    const copy = [...typed('RMA10', 3, 1000, null), { type: 'keydown' as const, key: 'c', ctrlKey: true, time: 1016 }, { type: 'keydown' as const, key: 'Enter', time: 1018 }];
    expect(run(usb(), copy).results).toEqual([]);
  });

  it('any code scanned at scanner speed comes out exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 4, maxLength: 60 }).filter((s) => !/[\n\t\r]/.test(s) && [...s].every((c) => c >= ' ')), fc.integer({ min: 1, max: 30 }), (text, gap) => {
        expect(run(usb(), typed(text, gap)).results).toEqual([{ kind: 'scan', text }]);
      }),
    );
  });
});
