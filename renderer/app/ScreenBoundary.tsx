import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/**
 * A screen that fails while drawing says so in place, and the rest of the app stays: without it
 * React takes the whole window down to a blank page, at a dock door with boxes waiting. Keyed by
 * the screen's name, so going to another screen starts afresh.
 */
export class ScreenBoundary extends Component<{ screen: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    // Kept in the console for whoever looks into it; the screen says it in words.
    console.error(`The ${this.props.screen} screen failed`, error);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="card" role="alert" data-testid="screen-failed">
        <h2>This screen could not be shown</h2>
        <p>
          It failed with: <code>{error.message}</code>
        </p>
        <p>Everything recorded at this station is safe. The other screens still work; call a supervisor if this one fails again.</p>
        <button type="button" className="primary" onClick={() => this.setState({ error: null })}>
          Try this screen again
        </button>
      </section>
    );
  }
}
