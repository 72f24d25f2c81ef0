import { useEffect, useState } from 'react';

/** The screen named in the address (`#/dock`), so a reload stays on the same screen. */
export function useHashRoute<T extends string>(routes: readonly T[], fallback: T): [T, (route: T) => void] {
  const read = () => {
    const name = window.location.hash.replace(/^#\/?/, '');
    return (routes as readonly string[]).includes(name) ? (name as T) : fallback;
  };
  const [route, setRoute] = useState<T>(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
    // The routes and fallback are constants of the caller: subscribe once.
  }, []);
  return [route, (next) => (window.location.hash = `#/${next}`)];
}
