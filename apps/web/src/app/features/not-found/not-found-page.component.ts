import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterLink } from '@angular/router';

@Component({
  selector: 'ent-not-found-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="panel state" data-testid="not-found">
      <h1>Page not found</h1>
      <p class="muted">There is no page at <code>{{ path }}</code>.</p>
      <a class="button button-primary" routerLink="/">Go to the start page</a>
    </div>
  `,
})
export class NotFoundPageComponent {
  protected readonly path = inject(Router).url;
}
