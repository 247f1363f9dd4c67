import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { settle } from '../../testing/settle';
import { type PageState, PageStateComponent } from './page-state.component';

let created = 0;

/** Stands for what a page shows once ready: counts how often it is made. */
@Component({
  selector: 'ent-ready-content',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p data-testid="content">The computer</p>`,
})
class ReadyContentComponent {
  constructor() {
    created++;
  }
}

@Component({
  imports: [PageStateComponent, ReadyContentComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ent-page-state [state]="state()" what="the computer" [error]="error()" [loadingText]="loadingText()" (retry)="retries.set(retries() + 1)"
      notFoundTestId="computer-not-found" notFoundText="This computer does not exist (any more)."
      backLink="/computers" backLabel="Back to the computers">
      <ng-template>
        <ent-ready-content />
        <p data-testid="hostname">{{ hostname() }}</p>
      </ng-template>
    </ent-page-state>
  `,
})
class HostComponent {
  readonly state = signal<PageState>('loading');
  readonly error = signal<string | null>(null);
  readonly loadingText = signal<string | null>(null);
  readonly hostname = signal('PC-1');
  readonly retries = signal(0);
}

describe(PageStateComponent.name, () => {
  let fixture: ComponentFixture<HostComponent>;
  let host: HostComponent;
  let element: HTMLElement;

  beforeEach(async () => {
    created = 0;
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    fixture = TestBed.createComponent(HostComponent);
    host = fixture.componentInstance;
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

  async function show(state: PageState): Promise<void> {
    host.state.set(state);
    await settle(fixture);
  }

  const panels = () => element.querySelectorAll('.panel.state');

  it('should say what it loads while loading, politely, and make nothing of the content yet', () => {
    const status = element.querySelector('.panel.state[role="status"]');
    expect(status?.getAttribute('aria-live')).toBe('polite');
    expect(status?.querySelector('.spinner')).not.toBeNull();
    expect(status?.textContent?.trim()).toBe('Loading the computer…');
    expect(panels()).toHaveLength(1);
    expect(element.querySelector('[data-testid="content"]')).toBeNull();
    expect(created).toBe(0);
  });

  it('should say a loading text of its own when given one', async () => {
    host.loadingText.set('Loading…');
    await settle(fixture);

    expect(element.querySelector('[role="status"]')?.textContent?.trim()).toBe('Loading…');
  });

  it('should say when the thing does not exist, with the way back', async () => {
    await show('not-found');

    const panel = element.querySelector('.panel.state[data-testid="computer-not-found"]');
    expect(panel?.querySelector('p')?.textContent).toBe('This computer does not exist (any more).');
    const back = panel?.querySelector('a.button');
    expect(back?.getAttribute('href')).toBe('/computers');
    expect(back?.textContent).toBe('Back to the computers');
    expect(panels()).toHaveLength(1);
    expect(created).toBe(0);
  });

  it('should show the error and ask again on "Try again"', async () => {
    host.error.set('The server did not answer.');
    await show('error');

    const alert = element.querySelector('.panel.state[role="alert"]');
    expect(alert?.querySelector('p.error-text')?.textContent).toBe('Could not load the computer. The server did not answer.');
    expect(host.retries()).toBe(0);

    const retry = alert?.querySelector<HTMLButtonElement>('button.button');
    expect(retry?.type).toBe('button');
    expect(retry?.textContent).toBe('Try again');
    retry?.click();
    await settle(fixture);

    expect(host.retries()).toBe(1);
    expect(created).toBe(0);
  });

  it('should show the content once ready, and keep it up to date', async () => {
    await show('ready');

    expect(panels()).toHaveLength(0);
    expect(element.querySelector('[data-testid="content"]')?.textContent).toBe('The computer');
    expect(element.querySelector('[data-testid="hostname"]')?.textContent).toBe('PC-1');
    expect(created).toBe(1);

    host.hostname.set('PC-2');
    await settle(fixture);

    expect(element.querySelector('[data-testid="hostname"]')?.textContent).toBe('PC-2');
    expect(created).toBe(1);

    await show('loading');
    expect(element.querySelector('[data-testid="content"]')).toBeNull();
  });
});
