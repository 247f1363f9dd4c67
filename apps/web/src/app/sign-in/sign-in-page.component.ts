import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import { safeReturnUrl } from '../core/return-url';
import { SignInFormComponent } from './sign-in-form.component';

@Component({
  selector: 'ent-sign-in-page',
  imports: [SignInFormComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="sign-in">
      <section class="card" aria-labelledby="sign-in-title">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">E</span>
          <span class="brand-name">Entitle</span>
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        <p class="muted">Software for every computer your customers pay for.</p>
        <ent-sign-in-form (signedIn)="continue()" />
      </section>
    </main>
  `,
  styles: `
    .sign-in {
      min-height: 100vh;
      display: grid;
      place-items: center;
      padding: 2rem 1rem;
      background: linear-gradient(160deg, #eef2f7 0%, #dfe6ef 100%);
    }
    .card { width: min(100%, 24rem); padding: 2rem; }
    .brand { display: flex; align-items: center; gap: 0.6rem; margin-bottom: 1.5rem; }
    .brand-name { font-weight: 650; font-size: 1.15rem; letter-spacing: 0.01em; }
    h1 { margin: 0 0 0.25rem; font-size: 1.5rem; }
    p { margin: 0 0 1.5rem; }
  `,
})
export class SignInPageComponent {
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected continue(): void {
    void this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')));
  }
}
