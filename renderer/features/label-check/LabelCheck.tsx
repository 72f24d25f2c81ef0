import { useId, useMemo, useState } from 'react';
import { classifyLabel } from '../../../shared/labels';
import { describeLabel } from './describeLabel';

/** Type or scan anything and see how the app reads it: a supervisor's check of a label or setting. */
export function LabelCheck() {
  const id = useId();
  const [text, setText] = useState('');
  const label = useMemo(() => (text.trim() ? classifyLabel(text) : null), [text]);
  const words = label ? describeLabel(label) : null;

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Label check</h2>
      <label htmlFor={`${id}-text`}>Label text</label>
      <input
        id={`${id}-text`}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {label && words && (
        <div className="reading" data-kind={label.kind} data-valid={String(label.valid)} aria-live="polite">
          <dl>
            <dt>Reads as</dt>
            <dd>{words.title}</dd>
            <dt>Value</dt>
            <dd>{label.value || '—'}</dd>
            {label.zip && (
              <>
                <dt>ZIP</dt>
                <dd>{label.zip}</dd>
              </>
            )}
            <dt>Check</dt>
            <dd>{words.detail}</dd>
          </dl>
        </div>
      )}
    </section>
  );
}
