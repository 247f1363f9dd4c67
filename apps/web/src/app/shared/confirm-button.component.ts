import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';

/**
 * A button for something that cannot be undone (delete, revoke): the first press asks, in words, what will
 * happen; only the second, on "Yes", does it. Inline rather than `window.confirm`, so it reads like the page
 * and works inside Halo's iframe, where browsers may block dialogs.
 */
@Component({
  selector: 'ent-confirm-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (asking()) {
      <span class="ask" role="group" [attr.aria-label]="question()">
        <span class="question">{{ question() }}</span>
        <button type="button" class="button button-danger" (click)="confirm()" [disabled]="busy()">{{ confirmLabel() }}</button>
        <button type="button" class="button button-ghost" (click)="asking.set(false)">Cancel</button>
      </span>
    } @else {
      <button type="button" class="button" [class.button-ghost]="ghost()" (click)="asking.set(true)" [disabled]="busy()">{{ label() }}</button>
    }
  `,
  styles: `
    :host { display: inline-block; }
    .ask { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; }
    .question { font-size: 0.88rem; }
  `,
})
export class ConfirmButtonComponent {
  readonly label = input.required<string>();
  /** "Revoke the agent of PC-1? It stops checking in until it enrolls again." */
  readonly question = input.required<string>();
  readonly confirmLabel = input('Yes');
  readonly busy = input(false);
  readonly ghost = input(false);
  readonly confirmed = output<void>();

  protected readonly asking = signal(false);

  protected confirm(): void {
    this.asking.set(false);
    this.confirmed.emit();
  }
}
