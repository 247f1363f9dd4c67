import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * A section of the portal that a later release fills in. The heading and summary come from the route's
 * `data`, bound to these inputs by `withComponentInputBinding()`.
 */
@Component({
  selector: 'ent-coming-soon-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <h1>{{ heading() }}</h1>
        <p class="muted">{{ summary() }}</p>
      </div>
    </header>
    <div class="panel state" data-testid="empty-page">
      <p>Nothing here yet.</p>
      <p class="muted">This section arrives in a coming release.</p>
    </div>
  `,
})
export class ComingSoonPageComponent {
  readonly heading = input.required<string>();
  readonly summary = input.required<string>();
}
