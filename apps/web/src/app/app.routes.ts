import type { ResolveFn, Routes } from '@angular/router';
import { authGuard, guestGuard } from './core/auth.guard';
import { ShellComponent } from './shell/shell.component';

const comingSoon = () =>
  import('./features/placeholder/coming-soon-page.component').then((m) => m.ComingSoonPageComponent);

const ticketTitle: ResolveFn<string> = (route) => `Ticket #${route.paramMap.get('ticketId') ?? ''}`;

export const routes: Routes = [
  {
    path: 'sign-in',
    title: 'Sign in',
    canActivate: [guestGuard],
    loadComponent: () => import('./sign-in/sign-in-page.component').then((m) => m.SignInPageComponent),
  },
  {
    // Opened by Halo in a ticket tab (iframe): no admin chrome, signs in in place, so no guard.
    path: 'technician-pod/psa/:integrationId/ticket/:ticketId',
    title: ticketTitle,
    loadComponent: () =>
      import('./features/technician-pod/technician-pod-page.component').then((m) => m.TechnicianPodPageComponent),
  },
  {
    path: '',
    component: ShellComponent,
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'integrations' },
      {
        path: 'integrations',
        title: 'Integrations',
        loadComponent: comingSoon,
        data: { heading: 'Integrations', summary: 'Connections to HaloPSA: credentials, sync status and schedules.' },
      },
      {
        path: 'tenants',
        title: 'Tenants',
        loadComponent: comingSoon,
        data: { heading: 'Tenants', summary: 'Your customers, as synced from Halo, with what each one pays for.' },
      },
      {
        path: 'computers',
        title: 'Computers',
        loadComponent: comingSoon,
        data: { heading: 'Computers', summary: 'Every enrolled computer, its customer and its installed software.' },
      },
      {
        path: 'software',
        title: 'Software',
        loadComponent: comingSoon,
        data: { heading: 'Software', summary: 'The software catalogue and the rules that say who gets what.' },
      },
      {
        path: 'deployments',
        title: 'Deployments',
        loadComponent: comingSoon,
        data: { heading: 'Deployments', summary: 'What was installed or removed, where, and why.' },
      },
      {
        path: 'audit',
        title: 'Audit',
        loadComponent: () => import('./features/audit/audit-page.component').then((m) => m.AuditPageComponent),
      },
      {
        path: '**',
        title: 'Not found',
        loadComponent: () =>
          import('./features/not-found/not-found-page.component').then((m) => m.NotFoundPageComponent),
      },
    ],
  },
];
