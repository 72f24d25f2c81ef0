import boldUrl from '../../assets/fonts/DejaVuSans-Bold.ttf?url';
import regularUrl from '../../assets/fonts/DejaVuSans.ttf?url';
import type { SlipFonts } from './slipPdf';

let loaded: Promise<SlipFonts> | null = null;

async function base64Of(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the slip font ${url} could not be loaded (${response.status})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The slip fonts, bundled with the app (never fetched from the internet), loaded once. */
export function slipFonts(): Promise<SlipFonts> {
  loaded ??= Promise.all([base64Of(regularUrl), base64Of(boldUrl)]).then(([regular, bold]) => ({ regular, bold }));
  loaded.catch(() => (loaded = null));
  return loaded;
}
