import { isAbsolute, join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The file behind an `app://dock/...` URL, or null when the path would leave the renderer
 * folder. Unknown routes fall back to index.html so the page's own router decides.
 */
export function fileForAppUrl(url: string, rendererDir: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  const target = normalize(join(rendererDir, pathname === '/' ? 'index.html' : pathname));
  const rel = relative(rendererDir, target);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return target;
}

export function fileUrl(path: string): string {
  return pathToFileURL(path).toString();
}
