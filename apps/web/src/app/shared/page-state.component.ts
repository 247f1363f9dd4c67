import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, contentChild, input, output, TemplateRef } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Where a page (or a part of one that loads on its own) stands with what it shows. */
export type PageState = 'loading' | 'ready' | 'error' | 'not-found';

/**
 * The states every page that loads something goes through, the same on each: a spinner while loading, a way back when
 * the thing does not exist (any more), the error with "Try again", and the page itself once ready. The page passes
 * what it shows when ready as an `<ng-template>`, so nothing of it is created before then:
 *
 * ```html
 * <ent-page-state [state]="state()" what="the computer" [error]="error()" (retry)="reload()"
 *   notFoundTestId="computer-not-found" notFoundText="This computer does not exist (any more)."
 *   backLink="/computers" backLabel="Back to the computers">
 *   <ng-template>…the computer…</ng-template>
 * </ent-page-state>
 * ```
 *
 * It adds no box of its own (`display: contents`): the page lays out as if the states stood in its own template.
 */
@Component({
  selector: 'ent-page-state',
  imports: [NgTemplateOutlet, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (state()) {
      @case ('loading') {
        <div class="panel state" role="status" aria-live="polite"><span class="spinner"></span> {{ loadingLabel() }}</div>
      }
      @case ('not-found') {
        <div class="panel state" [attr.data-testid]="notFoundTestId()">
          <p>{{ notFoundText() }}</p>
          <a class="button" [routerLink]="backLink()">{{ backLabel() }}</a>
        </div>
      }
      @case ('error') {
        <div class="panel state" role="alert">
          <p class="error-text">Could not load {{ what() }}. {{ error() }}</p>
          <button type="button" class="button" (click)="retry.emit()">Try again</button>
        </div>
      }
      @default {
        <ng-container [ngTemplateOutlet]="ready() ?? null" />
      }
    }
  `,
  styles: `
    :host { display: contents; }
  `,
})
export class PageStateComponent {
  readonly state = input.required<PageState>();
  /** What is loaded, as the sentences name it: "the computer" gives "Loading the computer…", "Could not load the computer." */
  readonly what = input.required<string>();
  /** The error's description, after "Could not load …". */
  readonly error = input<string | null>(null);
  /** Instead of "Loading {what}…". */
  readonly loadingText = input<string | null>(null);
  /** Only for a page whose state can be 'not-found': the sentence, where to go back to and its label. */
  readonly notFoundTestId = input<string | null>(null);
  readonly notFoundText = input('');
  readonly backLink = input('/');
  readonly backLabel = input('');
  /** "Try again" was pressed. */
  readonly retry = output<void>();

  protected readonly ready = contentChild(TemplateRef);
  protected readonly loadingLabel = computed(() => this.loadingText() ?? `Loading ${this.what()}…`);
}
