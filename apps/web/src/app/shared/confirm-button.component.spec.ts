import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { settle } from '../../testing/settle';
import { ConfirmButtonComponent } from './confirm-button.component';

@Component({
  imports: [ConfirmButtonComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ent-confirm-button label="Revoke" question="Revoke the key?" confirmLabel="Revoke it" (confirmed)="count.set(count() + 1)" />`,
})
class HostComponent {
  readonly count = signal(0);
}

describe(ConfirmButtonComponent.name, () => {
  let fixture: ComponentFixture<HostComponent>;
  let element: HTMLElement;

  beforeEach(async () => {
    fixture = TestBed.createComponent(HostComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  });

  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.trim() === label);

  it('should ask before acting, and act only on the second press', async () => {
    button('Revoke')!.click();
    await settle(fixture);
    expect(element.textContent).toContain('Revoke the key?');
    expect(fixture.componentInstance.count()).toBe(0);

    button('Revoke it')!.click();
    await settle(fixture);

    expect(fixture.componentInstance.count()).toBe(1);
    expect(button('Revoke')).toBeDefined();
  });

  it('should do nothing when the question is cancelled', async () => {
    button('Revoke')!.click();
    await settle(fixture);
    button('Cancel')!.click();
    await settle(fixture);

    expect(fixture.componentInstance.count()).toBe(0);
    expect(element.textContent).not.toContain('Revoke the key?');
  });
});
