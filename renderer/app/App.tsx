import { useEffect, useState } from 'react';
import { DockScreen } from '../features/dock/DockScreen';
import { ImportScreen } from '../features/import/ImportScreen';
import { InspectionScreen } from '../features/inspection/InspectionScreen';
import { LabelCheck } from '../features/label-check/LabelCheck';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { SlipsScreen } from '../features/slips/SlipsScreen';
import { SignIn, StationSetup } from '../features/sign-in/SignIn';
import { SyncScreen } from '../features/sync/SyncScreen';
import { platform, type About } from '../platform';
import { ScreenBoundary } from './ScreenBoundary';
import { StationProvider, useStation } from './station';
import { SyncBadge } from './SyncBadge';
import { SyncProvider } from './sync';
import { useHashRoute } from './useHashRoute';

const SCREENS = { dock: 'Dock', inspection: 'Inspection', slips: 'Slips', import: 'Import RMAs', sync: 'Sync', 'label-check': 'Label check', settings: 'Settings' } as const;
type ScreenName = keyof typeof SCREENS;
const SCREEN_NAMES = Object.keys(SCREENS) as ScreenName[];

export function App() {
  return (
    <StationProvider>
      <SyncProvider>
        <Shell />
      </SyncProvider>
    </StationProvider>
  );
}

function Shell() {
  const { station, session, signOut } = useStation();
  const [about, setAbout] = useState<About | null>(null);
  const [screen, go] = useHashRoute(SCREEN_NAMES, 'dock');
  useEffect(() => {
    void platform.about().then(setAbout);
  }, []);

  return (
    <div className="shell">
      <header className="shell-header">
        <h1>returns-dock</h1>
        {station && session && (
          <nav aria-label="Screens">
            {SCREEN_NAMES.map((name) => (
              <a key={name} href={`#/${name}`} aria-current={screen === name ? 'page' : undefined} onClick={() => go(name)}>
                {SCREENS[name]}
              </a>
            ))}
          </nav>
        )}
        {station && <SyncBadge />}
        <span className="shell-meta" data-testid="platform">
          {station && <span data-testid="station-name">{station.name}</span>}
          {session && (
            <>
              {' · '}
              <span data-testid="signed-in">
                {session.user.name} ({session.user.role})
              </span>{' '}
              <button type="button" className="link" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          )}
          {about && ` · ${about.version} · ${about.mode === 'electron' ? 'desktop' : 'browser mode'}`}
        </span>
      </header>
      <main className="shell-main">
        {!station ? (
          <StationSetup />
        ) : !session ? (
          <SignIn />
        ) : (
          <ScreenBoundary key={screen} screen={SCREENS[screen]}>
            <Screen name={screen} />
          </ScreenBoundary>
        )}
      </main>
    </div>
  );
}

function Screen({ name }: { name: ScreenName }) {
  switch (name) {
    case 'dock':
      return <DockScreen />;
    case 'inspection':
      return <InspectionScreen />;
    case 'slips':
      return <SlipsScreen />;
    case 'import':
      return <ImportScreen />;
    case 'label-check':
      return <LabelCheck />;
    case 'settings':
      return <SettingsScreen />;
    case 'sync':
      return <SyncScreen />;
  }
}
