import { useEffect, useId, useState, type FormEvent } from 'react';
import { MISUSE_WORDS } from '../../../shared/inspection';
import { MISUSE_KINDS, type Finding, type MisuseKind } from '../../../shared/policy';
import type { NewPhoto } from '../../db/inspection';
import { CameraCapture } from './CameraCapture';
import { MAX_PHOTOS_PER_UNIT, preparePhoto } from './photos';

export interface FindingDraft {
  finding: Finding;
  note: string;
  photos: NewPhoto[];
  inStock: boolean;
}

const RESULTS = [
  ['defective', 'Defective'],
  ['no_fault_found', 'No fault found'],
  ['misuse', 'Misuse'],
] as const;

/** A photo's thumbnail from its blob, released when it leaves the screen. */
export function Thumbnail({ blob, alt }: { blob: Blob; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url ? <img className="thumb" src={url} alt={alt} /> : null;
}

/** The inspector's finding for one unit: result, misuse kinds, note and photos. */
export function FindingForm({ askStock, onRecord }: { askStock: boolean; onRecord: (draft: FindingDraft) => Promise<boolean> }) {
  const id = useId();
  const [result, setResult] = useState<Finding['result'] | null>(null);
  const [misuse, setMisuse] = useState<MisuseKind[]>([]);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<NewPhoto[]>([]);
  const [inStock, setInStock] = useState(true);
  const [camera, setCamera] = useState(false);
  const [photoProblem, setPhotoProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Photos being scaled: a finding recorded meanwhile would go without them (and a misuse
  // finding be refused for want of one), so it waits until they are ready.
  const [preparing, setPreparing] = useState(0);
  const room = MAX_PHOTOS_PER_UNIT - photos.length - preparing;

  /**
   * One photo after another, in the order chosen (a phone's photo decodes to some 50 MB): all are
   * counted as being prepared from the start, so the finding waits for the last of them.
   */
  async function addPhotos(jobs: (() => Promise<NewPhoto>)[]): Promise<void> {
    setPreparing((n) => n + jobs.length);
    for (const prepare of jobs) {
      try {
        const photo = await prepare();
        setPhotos((p) => [...p, photo]);
      } catch (e) {
        setPhotoProblem((e as Error).message);
      } finally {
        setPreparing((n) => n - 1);
      }
    }
  }

  async function addFiles(files: FileList | null) {
    setPhotoProblem(null);
    const chosen = Array.from(files ?? []);
    const taken = chosen.slice(0, Math.max(room, 0));
    await addPhotos(taken.map((file) => () => preparePhoto(file, file.name)));
    if (taken.length < chosen.length) setPhotoProblem(`At most ${MAX_PHOTOS_PER_UNIT} photos a unit: ${chosen.length - taken.length} not added.`);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!result) return;
    setBusy(true);
    const done = await onRecord({ finding: { result, misuse: result === 'misuse' ? misuse : [] }, note, photos, inStock });
    setBusy(false);
    if (done) setCamera(false);
  }

  return (
    <form className="finding stack" onSubmit={(e) => void submit(e)} aria-label="Finding">
      <fieldset>
        <legend>Finding</legend>
        {RESULTS.map(([value, words]) => (
          <label key={value} className="check">
            <input type="radio" name={`${id}-result`} value={value} checked={result === value} onChange={() => setResult(value)} /> {words}
          </label>
        ))}
      </fieldset>
      {result === 'misuse' && (
        <fieldset>
          <legend>Kind of misuse (clause 12)</legend>
          <div className="misuse-kinds">
            {MISUSE_KINDS.map((k) => (
              <label key={k} className="check">
                <input type="checkbox" checked={misuse.includes(k)} onChange={(e) => setMisuse((m) => (e.target.checked ? [...m, k] : m.filter((x) => x !== k)))} />{' '}
                {MISUSE_WORDS[k]}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <label htmlFor={`${id}-note`}>Note</label>
      <textarea id={`${id}-note`} rows={2} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      <fieldset>
        <legend>Photos</legend>
        <div className="thumbs" data-testid="pending-photos">
          {photos.map((p, i) => (
            <span key={i} className="thumb-wrap">
              <Thumbnail blob={p.thumbnail} alt={`Photo ${i + 1}`} />
              <button type="button" className="link" onClick={() => setPhotos((all) => all.filter((_, j) => j !== i))}>
                Remove
              </button>
            </span>
          ))}
        </div>
        <label className="file-button">
          Add photo from file
          <input type="file" accept="image/jpeg,image/png,image/webp" multiple onChange={(e) => void addFiles(e.target.files).then(() => (e.target.value = ''))} />
        </label>{' '}
        {!camera && (
          <button type="button" onClick={() => setCamera(true)}>
            Use camera
          </button>
        )}
        {camera && <CameraCapture full={room <= 0} onShoot={(take) => addPhotos([take])} onClose={() => setCamera(false)} />}
        {preparing > 0 && (
          <p role="status" data-testid="photos-preparing">
            Preparing {preparing === 1 ? 'a photo' : `${preparing} photos`}…
          </p>
        )}
        {photoProblem && (
          <p role="alert" className="problem">
            {photoProblem}
          </p>
        )}
      </fieldset>
      {askStock && (
        <label className="check">
          <input type="checkbox" checked={inStock} onChange={(e) => setInStock(e.target.checked)} /> The same item is in stock for a replacement
        </label>
      )}
      <button type="submit" className="primary" disabled={!result || busy || preparing > 0}>
        Record finding
      </button>
    </form>
  );
}
