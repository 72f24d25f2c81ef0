import { useEffect, useState } from 'react';
import { LabelCheck } from '../features/label-check/LabelCheck';
import { platform, type About } from '../platform';

export function App() {
  const [about, setAbout] = useState<About | null>(null);
  useEffect(() => {
    void platform.about().then(setAbout);
  }, []);

  return (
    <div className="shell">
      <header className="shell-header">
        <h1>returns-dock</h1>
        <span className="shell-meta" data-testid="platform">
          {about ? `${about.version} · ${about.mode === 'electron' ? 'desktop' : 'browser mode'}` : ''}
        </span>
      </header>
      <main className="shell-main">
        <LabelCheck />
      </main>
    </div>
  );
}
