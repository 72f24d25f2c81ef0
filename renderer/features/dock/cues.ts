import type { DockVerdictKind } from '../../../shared/policy';

/** Tones for each verdict: rising for accept, a low buzz for refuse, two even notes for hold. */
const TONES: Record<DockVerdictKind, { hz: number; ms: number; wave: OscillatorType }[]> = {
  accept: [
    { hz: 880, ms: 90, wave: 'sine' },
    { hz: 1320, ms: 140, wave: 'sine' },
  ],
  refuse: [{ hz: 160, ms: 450, wave: 'square' }],
  hold: [
    { hz: 600, ms: 160, wave: 'triangle' },
    { hz: 600, ms: 160, wave: 'triangle' },
  ],
  rescan: [
    { hz: 1000, ms: 60, wave: 'square' },
    { hz: 1000, ms: 60, wave: 'square' },
    { hz: 1000, ms: 60, wave: 'square' },
  ],
};

let context: AudioContext | null = null;

/** Play a verdict's cue; a machine without sound just stays silent. */
export function playCue(kind: DockVerdictKind): void {
  try {
    context ??= new AudioContext();
    let t = context.currentTime;
    for (const tone of TONES[kind]) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = tone.wave;
      osc.frequency.value = tone.hz;
      gain.gain.setValueAtTime(0.25, t);
      gain.gain.exponentialRampToValueAtTime(0.001, t + tone.ms / 1000);
      osc.connect(gain).connect(context.destination);
      osc.start(t);
      osc.stop(t + tone.ms / 1000);
      t += tone.ms / 1000 + 0.04;
    }
  } catch {
    // No audio device: the verdict is on screen.
  }
}
