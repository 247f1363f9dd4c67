import { ChangeDetectionStrategy, Component, InjectionToken, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DeploymentPreview } from '@entitle/domain';

/** How long the editor waits after the last change before asking for a preview (and the computer search). Tests set their own. */
export const PREVIEW_DEBOUNCE_MS = new InjectionToken<number>('PREVIEW_DEBOUNCE_MS', { factory: () => 300 });

export type PreviewState = 'incomplete' | 'loading' | 'ready' | 'error';

/** Where a draft deployment would win and where another deployment beats it, each computer with why. */
@Component({
  selector: 'ent-deployment-preview',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel section" aria-labelledby="preview-heading" aria-live="polite">
      <div class="section-head">
        <h2 id="preview-heading">Preview</h2>
        @if (state() === 'loading') { <span class="muted" role="status" data-testid="preview-loading"><span class="spinner"></span>Resolving…</span> }
      </div>
      @if (state() === 'incomplete') {
        <p class="muted" data-testid="preview-incomplete">Choose the software and complete the target to see which computers it reaches.</p>
      } @else if (state() === 'error') {
        <p class="error-text" role="alert" data-testid="preview-error">Could not resolve the preview. {{ error() }}</p>
      }
      @if (state() !== 'incomplete' && preview(); as p) {
        <div [class.stale]="state() !== 'ready'">
          <p class="totals">
            <strong data-testid="preview-wins">Wins on {{ p.winsTotal }} {{ p.winsTotal === 1 ? 'computer' : 'computers' }}</strong>
            <span class="muted"> · </span>
            <strong data-testid="preview-shadowed">shadowed on {{ p.shadowedTotal }}</strong>
            <br /><span class="muted small">of {{ p.computersConsidered }} {{ p.computersConsidered === 1 ? 'computer' : 'computers' }} of the software’s platform, as of {{ p.asOf }}</span>
          </p>
          @if (p.warnings.length) {
            <ul class="alert alert-warning warnings" data-testid="preview-warnings">
              @for (w of p.warnings; track w) { <li>{{ w }}</li> }
            </ul>
          }
          @if (p.wins.length) {
            <h3>Wins</h3>
            <ul class="computers" aria-label="Computers it wins on">
              @for (c of p.wins; track c.computerId) {
                <li><a [routerLink]="['/computers', c.computerId]">{{ c.hostname }}</a>&nbsp;<span class="muted">· {{ c.tenantName }}</span>
                  <br /><span class="small">{{ c.reason }}</span></li>
              }
            </ul>
            @if (p.winsTotal > p.wins.length) { <p class="muted small">and {{ p.winsTotal - p.wins.length }} more</p> }
          }
          @if (p.shadowed.length) {
            <h3>Shadowed</h3>
            <ul class="computers" aria-label="Computers where another deployment wins">
              @for (c of p.shadowed; track c.computerId) {
                <li><a [routerLink]="['/computers', c.computerId]">{{ c.hostname }}</a>&nbsp;<span class="muted">· {{ c.tenantName }}</span>
                  <br /><span class="small">{{ c.reason }}; <a [routerLink]="['/deployments', c.winner.id]">{{ c.winner.label }}</a> wins there ({{ c.winner.action }})</span></li>
              }
            </ul>
            @if (p.shadowedTotal > p.shadowed.length) { <p class="muted small">and {{ p.shadowedTotal - p.shadowed.length }} more</p> }
          }
        </div>
      }
    </section>
  `,
  styles: `
    :host { display: block; }
    .totals { margin: 0 0 0.75rem; }
    .stale { opacity: 0.55; }
    .small { font-size: 0.82rem; }
    h3 { font-size: 0.9rem; margin: 0.75rem 0 0.35rem; }
    .warnings { margin: 0 0 0.75rem; padding-left: 1.6rem; }
    .computers { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.45rem; max-height: 24rem; overflow-y: auto; }
  `,
})
export class DeploymentPreviewComponent {
  readonly state = input.required<PreviewState>();
  /** The last answer; kept (dimmed) while a newer one is on its way. */
  readonly preview = input<DeploymentPreview | null>(null);
  readonly error = input<string | null>(null);
}
